using System.Net;
using System.Text;

namespace P2PClinic.SyncWebRtc.Tests.Infrastructure;

/// <summary>
/// A hostile or broken signaling server in-process: answers the node's calls with whatever a test sets, so the node's
/// defences against an untrusted server can be exercised without a real one.
/// </summary>
internal sealed class FakeSignalingServer : HttpMessageHandler
{
    private int listRequests;
    private int drainRequests;

    /// <summary>Answer drains at once with nothing, ignoring <c>wait</c> (a broken proxy, or a hostile server).</summary>
    public bool DrainAnswersAtOnce { get; set; }

    public int DrainRequests => Volatile.Read(ref drainRequests);

    /// <summary>The peer ids the presence list names.</summary>
    public IReadOnlyList<string> ListedPeers { get; set; } = [];

    /// <summary>When set, every presence list is answered with this instead.</summary>
    public Func<HttpResponseMessage>? ListResponse { get; set; }

    public int ListRequests => Volatile.Read(ref listRequests);

    public Uri Address { get; } = new("http://127.0.0.1:9/");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (request.Method == HttpMethod.Put)
        {
            return Json(HttpStatusCode.OK, $"{{\"expiresAt\":\"{DateTimeOffset.UtcNow.AddMinutes(2):O}\"}}");
        }

        if (request.Method == HttpMethod.Get && path.EndsWith("/peers", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref listRequests);
            return ListResponse?.Invoke() ?? Json(HttpStatusCode.OK, "{\"peers\":[" + string.Join(',', ListedPeers.Select(p => $"\"{p}\"")) + "]}");
        }

        if (path.EndsWith("/mailbox/drain", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref drainRequests);
            if (!DrainAnswersAtOnce)
            {
                // A long poll that finds nothing.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            return Json(HttpStatusCode.OK, "{\"messages\":[]}");
        }

        return new HttpResponseMessage(HttpStatusCode.NoContent);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
