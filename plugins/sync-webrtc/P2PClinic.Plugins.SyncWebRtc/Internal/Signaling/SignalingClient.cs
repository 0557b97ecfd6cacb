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

    /// <summary>
    /// The longest <c>Retry-After</c> honoured: the server's rate-limit windows are a minute (docs/protocol.md, "Rate
    /// limits"), and an untrusted server must not park a room for longer (nor pass Task.Delay's ~49-day limit).
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The largest answer read: a full drain is at most 64 signals of 21,846 base64url characters (docs/protocol.md,
    /// "Mailboxes" and "Fields"), about 1.4 MB; anything much larger is a broken or hostile server.
    /// </summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

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

    /// <summary>Registers an invite under a code this node picked; null when the code is taken (409).</summary>
    public async Task<(string Code, DateTimeOffset ExpiresAt)?> CreateShareCodeAsync(string code, byte[] payload, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new CreateShareCodeBody(Base64Url.EncodeToString(payload), code), options: Json);
        try
        {
            using var response = await SendAsync(HttpMethod.Post, "v1/share-codes", body, requestTimeout, HttpStatusCode.Created, cancellationToken).ConfigureAwait(false);
            var created = await ReadAsync<ShareCodeCreatedBody>(response, cancellationToken).ConfigureAwait(false);
            return (created.Code ?? code, created.ExpiresAt);
        }
        catch (SignalingException e) when (e.Status == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    /// <summary>Claims a code; null when it is unknown, expired or claimed (404).</summary>
    public async Task<byte[]?> ClaimShareCodeAsync(string code, CancellationToken cancellationToken)
    {
        var body = JsonContent.Create(new ClaimShareCodeBody(code), options: Json);
        try
        {
            using var response = await SendAsync(HttpMethod.Post, "v1/share-codes/claim", body, requestTimeout, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
            var claimed = await ReadAsync<ShareCodeClaimedBody>(response, cancellationToken).ConfigureAwait(false);
            if (claimed.Payload is not { } text || !Base64Url.IsValid(text))
            {
                throw new SignalingException("the signaling server answered a claim without a valid payload", response.StatusCode);
            }

            return Base64Url.DecodeFromChars(text);
        }
        catch (SignalingException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
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
        HttpResponseMessage? response = null;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var body = await ReadBoundedAsync(response, deadline.Token).ConfigureAwait(false);
            response.Content.Dispose();
            response.Content = new ByteArrayContent(body);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new SignalingException($"the signaling server at {baseUrl} did not answer within {timeout.TotalSeconds:0} s", innerException: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            response?.Dispose();
            throw new SignalingException($"the signaling server at {baseUrl} could not be reached: {e.Message}", innerException: e);
        }
        catch
        {
            response?.Dispose();
            throw;
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
                retryAfter: response.Headers.RetryAfter?.Delta is { } asked ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, MaxRetryAfter.Ticks)) : null);
        }
    }

    /// <summary>
    /// Reads the whole body, refusing one above <see cref="MaxResponseBytes"/>: the server is untrusted, and HttpClient
    /// would otherwise buffer up to 2 GiB.
    /// </summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new SignalingException($"the signaling server's answer is {response.Content.Headers.ContentLength} bytes; at most {MaxResponseBytes} bytes are read", response.StatusCode);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var body = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (body.Length + read > MaxResponseBytes)
                {
                    throw new SignalingException($"the signaling server's answer exceeds {MaxResponseBytes} bytes", response.StatusCode);
                }

                body.Write(chunk, 0, read);
            }

            return body.ToArray();
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

    private sealed record CreateShareCodeBody([property: JsonPropertyName("payload")] string Payload, [property: JsonPropertyName("code")] string Code);

    private sealed record ShareCodeCreatedBody([property: JsonPropertyName("code")] string? Code, [property: JsonPropertyName("expiresAt")] DateTimeOffset ExpiresAt);

    private sealed record ClaimShareCodeBody([property: JsonPropertyName("code")] string Code);

    private sealed record ShareCodeClaimedBody([property: JsonPropertyName("payload")] string? Payload);

    private sealed record ProblemBody([property: JsonPropertyName("type")] string? Type, [property: JsonPropertyName("detail")] string? Detail);
}

/// <summary>One message taken from a mailbox: who the server says posted it, and the sealed signal.</summary>
internal sealed record MailboxMessage(string From, byte[] Signal);
