using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Buffers.Text;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>
/// The signaling server's HTTP API v1 (docs/protocol.md) as the node uses it: presence, listing, mailboxes. Every
/// call is bounded by a timeout, so an unreachable or silent server is an error, never a hang.
/// </summary>
internal sealed class SignalingClient
{
    /// <summary>docs/protocol.md: <c>wait</c> is 0 to 25 whole seconds.</summary>
    public const int MaxDrainWaitSeconds = 25;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient http;
    private readonly Uri baseUrl;
    private readonly TimeSpan requestTimeout;

    /// <param name="http">A client with no timeout of its own (each call sets one).</param>
    /// <param name="baseUrl">The server's base address, ending in a slash.</param>
    /// <param name="requestTimeout">How long a call may take (a drain: its wait plus this).</param>
    public SignalingClient(HttpClient http, Uri baseUrl, TimeSpan requestTimeout)
    {
        this.http = http;
        this.baseUrl = baseUrl;
        this.requestTimeout = requestTimeout;
    }

    /// <summary>Announces presence; returns how long it lasts by the server's clock.</summary>
    public async Task<TimeSpan> AnnounceAsync(string room, string peer, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"v1/rooms/{room}/peers/{peer}", null, requestTimeout, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync<PresenceBody>(response, cancellationToken).ConfigureAwait(false);
        var serverNow = response.Headers.Date ?? DateTimeOffset.UtcNow;
        return body.ExpiresAt - serverNow;
    }

    public async Task<IReadOnlyList<string>> ListPeersAsync(string room, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"v1/rooms/{room}/peers", null, requestTimeout, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync<PeersBody>(response, cancellationToken).ConfigureAwait(false);
        return body.Peers ?? [];
    }

    public async Task LeaveAsync(string room, string peer, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"v1/rooms/{room}/peers/{peer}", null, requestTimeout, HttpStatusCode.NoContent, cancellationToken).ConfigureAwait(false);
    }

    public async Task PostAsync(string room, string to, string from, byte[] signal, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new PostBody(from, Base64Url.EncodeToString(signal)), options: Json);
        using var response = await SendAsync(HttpMethod.Post, $"v1/rooms/{room}/peers/{to}/mailbox", body, requestTimeout, HttpStatusCode.NoContent, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the mailbox's messages, waiting up to <paramref name="waitSeconds"/> for one (long poll).</summary>
    public async Task<IReadOnlyList<MailboxMessage>> DrainAsync(string room, string peer, int waitSeconds, CancellationToken cancellationToken)
    {
        var wait = Math.Clamp(waitSeconds, 0, MaxDrainWaitSeconds);
        using var response = await SendAsync(HttpMethod.Post, $"v1/rooms/{room}/peers/{peer}/mailbox/drain?wait={wait}", null, requestTimeout + TimeSpan.FromSeconds(wait), HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
        var body = await ReadAsync<DrainBody>(response, cancellationToken).ConfigureAwait(false);
        var messages = new List<MailboxMessage>();
        foreach (var message in body.Messages ?? [])
        {
            // A server that hands out undecodable signals is broken or hostile: skip the item, keep the rest.
            if (message.From is { } from && message.Signal is { } text && Base64Url.IsValid(text))
            {
                messages.Add(new MailboxMessage(from, Base64Url.DecodeFromChars(text)));
            }
        }

        return messages;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, TimeSpan timeout, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path)) { Content = content };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SignalingException($"the signaling server at {baseUrl} did not answer within {timeout.TotalSeconds:0} s", innerException: e);
        }
        catch (HttpRequestException e)
        {
            throw new SignalingException($"the signaling server at {baseUrl} could not be reached: {e.Message}", innerException: e);
        }

        if (response.StatusCode == expected)
        {
            return response;
        }

        using (response)
        {
            var problem = await ReadProblemAsync(response, cancellationToken).ConfigureAwait(false);
            throw new SignalingException(
                $"the signaling server answered {(int)response.StatusCode} {problem?.Type ?? response.ReasonPhrase}{(problem?.Detail is { } detail ? ": " + detail : "")}",
                response.StatusCode,
                problem?.Type,
                retryAfter: response.Headers.RetryAfter?.Delta);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken).ConfigureAwait(false)
                ?? throw new SignalingException("the signaling server answered with an empty body", response.StatusCode);
        }
        catch (JsonException e)
        {
            throw new SignalingException("the signaling server answered with a body that is not the documented JSON", response.StatusCode, innerException: e);
        }
    }

    private static async Task<ProblemBody?> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            return null; // not a problem body (a proxy's error page): the status alone must do
        }
    }

    private sealed record PresenceBody([property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);

    private sealed record PeersBody([property: JsonPropertyName("peers")] List<string>? Peers);

    private sealed record PostBody([property: JsonPropertyName("from")] string From, [property: JsonPropertyName("signal")] string Signal);

    private sealed record DrainBody([property: JsonPropertyName("messages")] List<DrainItem>? Messages);

    private sealed record DrainItem([property: JsonPropertyName("from")] string? From, [property: JsonPropertyName("signal")] string? Signal);

    private sealed record ProblemBody([property: JsonPropertyName("type")] string? Type, [property: JsonPropertyName("detail")] string? Detail);
}

/// <summary>One message taken from a mailbox: who the server says posted it, and the sealed signal.</summary>
internal sealed record MailboxMessage(string From, byte[] Signal);
