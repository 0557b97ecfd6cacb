using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>The v1 HTTP API as a node would call it, one method per request, returning the raw response.</summary>
internal sealed class SignalingClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public Task<HttpResponseMessage> CreateShareCodeAsync(string payload) =>
        http.PostAsJsonAsync("/v1/share-codes", new { payload });

    public Task<HttpResponseMessage> ClaimAsync(string code) =>
        http.PostAsJsonAsync("/v1/share-codes/claim", new { code });

    public Task<HttpResponseMessage> AnnounceAsync(string room, string peer) =>
        http.PutAsync($"/v1/rooms/{room}/peers/{peer}", null);

    public Task<HttpResponseMessage> ListAsync(string room) => http.GetAsync($"/v1/rooms/{room}/peers");

    public Task<HttpResponseMessage> LeaveAsync(string room, string peer) => http.DeleteAsync($"/v1/rooms/{room}/peers/{peer}");

    public Task<HttpResponseMessage> PostSignalAsync(string room, string to, string from, string signal) =>
        http.PostAsJsonAsync($"/v1/rooms/{room}/peers/{to}/mailbox", new { from, signal });

    public Task<HttpResponseMessage> DrainAsync(string room, string peer, int? wait = 0, CancellationToken cancellationToken = default) =>
        http.PostAsync($"/v1/rooms/{room}/peers/{peer}/mailbox/drain" + (wait is { } w ? $"?wait={w}" : string.Empty), null, cancellationToken);

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        return http.SendAsync(request);
    }

    public async Task<string[]> ListPeerIdsAsync(string room)
    {
        using var response = await ListAsync(room);
        var json = await JsonOf(response);
        return [.. json.GetProperty("peers").EnumerateArray().Select(p => p.GetString()!)];
    }

    public async Task<(string From, string Signal)[]> DrainMessagesAsync(string room, string peer, int? wait = 0)
    {
        using var response = await DrainAsync(room, peer, wait);
        return await MessagesOf(response);
    }

    public static async Task<(string From, string Signal)[]> MessagesOf(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var json = await JsonOf(response);
        return [.. json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("from").GetString()!, m.GetProperty("signal").GetString()!))];
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}
