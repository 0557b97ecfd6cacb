using System.Globalization;
using System.Net;
using System.Text;
using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>JSON bodies get the gRPC message limit (4 MiB), and oversized ones cost the node no memory.</summary>
public sealed class RequestLimitTests : IClassFixture<NodeFixture>
{
    // The node idles at about 100-150 MB here; 16 bodies of 25 MB buffered would add 400 MB at least.
    private const long RssBoundBytes = 350L * 1024 * 1024;

    private readonly TestNode _node;

    public RequestLimitTests(NodeFixture fixture)
    {
        _node = fixture.Node;
    }

    [Fact]
    public async Task AJsonBodyOverFourMebibytes_Is413_WithTheLimitInTheMessage()
    {
        using var client = _node.CreateHttpClient();

        using var response = await SendAsync(client, 4 * 1024 * 1024 + 1);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"code\":8", body, StringComparison.Ordinal);
        Assert.Contains("4194304 bytes", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SixteenConcurrent25MegabyteBodies_AreRefused_AndTheNodeStaysUnderTheBound()
    {
        using var client = _node.CreateHttpClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => SendAsync(client, 25_000_000)));
        var rss = ResidentBytes(_node.ProcessId!.Value);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode));
        Assert.True(rss < RssBoundBytes, $"the node holds {rss / (1024 * 1024)} MB");
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, int length)
    {
        var body = new byte[length];
        Encoding.ASCII.GetBytes("{\"name\":\"").CopyTo(body, 0);
        Array.Fill(body, (byte)'a', 9, length - 11);
        Encoding.ASCII.GetBytes("\"}").CopyTo(body, length - 2);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        // Expect: 100-continue: the node answers before the body is sent, as a well-behaved client allows.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/orgs") { Content = content };
        request.Headers.ExpectContinue = true;
        return await client.SendAsync(request);
    }

    private static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
