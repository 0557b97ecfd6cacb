using System.Text.Json;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>
/// A page in headless Chromium, served from another origin, uses the API as a browser peer would: on each store, every
/// route works once its origin is listed, and the page can read <c>Date</c> and <c>Retry-After</c>.
/// </summary>
public sealed class BrowserPeerTests(HeadlessChromium chromium, RedisServer redis) : IClassFixture<HeadlessChromium>, IClassFixture<RedisServer>
{
    /// <summary>Runs in the page: one call of each kind, then two failed claims (the second locked out).</summary>
    private const string EveryRoute = """
        async ({ server, room, a, b, signal }) => {
          const json = { 'Content-Type': 'application/json' };
          const out = {};
          const announced = await fetch(`${server}/v1/rooms/${room}/peers/${a}`, { method: 'PUT' });
          out.announce = announced.status;
          out.date = announced.headers.get('Date');
          await fetch(`${server}/v1/rooms/${room}/peers/${b}`, { method: 'PUT' });
          out.peers = (await (await fetch(`${server}/v1/rooms/${room}/peers`)).json()).peers;
          const posted = await fetch(`${server}/v1/rooms/${room}/peers/${b}/mailbox`,
            { method: 'POST', headers: json, body: JSON.stringify({ from: a, signal }) });
          out.post = posted.status;
          const drained = await fetch(`${server}/v1/rooms/${room}/peers/${b}/mailbox/drain?wait=0`, { method: 'POST' });
          out.messages = (await drained.json()).messages.map(m => m.from + ' ' + m.signal);
          out.leave = (await fetch(`${server}/v1/rooms/${room}/peers/${a}`, { method: 'DELETE' })).status;
          const claim = () => fetch(`${server}/v1/share-codes/claim`,
            { method: 'POST', headers: json, body: JSON.stringify({ code: 'ABCD-EFGH' }) });
          out.firstClaim = (await claim()).status;
          const locked = await claim();
          out.locked = locked.status;
          out.retryAfter = locked.headers.get('Retry-After');
          out.lockedType = (await locked.json()).type;
          return JSON.stringify(out);
        }
        """;

    [Theory]
    [InlineData("Memory")]
    [InlineData("Redis")]
    public async Task PageOnAListedOrigin_UsesEveryRoute_AndReadsDateAndRetryAfter(string store)
    {
        await using var page = await PageOrigin.StartAsync();
        var settings = Settings(store);
        settings["Signaling:Cors:AllowedOrigins:0"] = page.Origin;
        settings["Signaling:MaxFailedClaims"] = "1";
        await using var server = await TestSignalingServer.StartAsync(settings);
        var (room, a, b, signal) = (Ids.Room(), Ids.Peer(), Ids.Peer(), Ids.Blob(300));

        var result = await RunInPageAsync(page, EveryRoute, new { server = ServerOrigin(server), room, a, b, signal });

        Assert.Equal(200, result.GetProperty("announce").GetInt32());
        Assert.True(DateTimeOffset.TryParse(result.GetProperty("date").GetString(), out _), $"the page could not read Date: {result}");
        Assert.Equal(new[] { a, b }.Order(), result.GetProperty("peers").EnumerateArray().Select(p => p.GetString()!).Order());
        Assert.Equal(204, result.GetProperty("post").GetInt32());
        Assert.Equal([$"{a} {signal}"], result.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!));
        Assert.Equal(204, result.GetProperty("leave").GetInt32());
        Assert.Equal(404, result.GetProperty("firstClaim").GetInt32());
        Assert.Equal(429, result.GetProperty("locked").GetInt32());
        Assert.Equal("urn:p2pclinic:signaling:claims-locked-out", result.GetProperty("lockedType").GetString());
        Assert.InRange(int.Parse(result.GetProperty("retryAfter").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 1, 15 * 60);
    }

    [Theory]
    [InlineData("Memory")]
    [InlineData("Redis")]
    public async Task PageOnAnOriginNotListed_IsRefusedByTheBrowser_AndItsAnnounceNeverReachesTheServer(string store)
    {
        await using var page = await PageOrigin.StartAsync();
        var settings = Settings(store);
        settings["Signaling:Cors:AllowedOrigins:0"] = "http://127.0.0.1:1";
        await using var server = await TestSignalingServer.StartAsync(settings);
        var (room, peer) = (Ids.Room(), Ids.Peer());

        var result = await RunInPageAsync(page, """
            async ({ server, room, peer }) => {
              try {
                await fetch(`${server}/v1/rooms/${room}/peers/${peer}`, { method: 'PUT' });
                return JSON.stringify({ error: null });
              } catch (e) {
                return JSON.stringify({ error: e.name });
              }
            }
            """, new { server = ServerOrigin(server), room, peer });

        Assert.Equal("TypeError", result.GetProperty("error").GetString());
        // The preflight was refused, so the browser never sent the PUT itself.
        Assert.Empty(await server.Client.ListPeerIdsAsync(room));
    }

    private Dictionary<string, string?> Settings(string store)
    {
        var settings = TestSignalingServer.DefaultSettings();
        settings["Signaling:Store"] = store;
        settings["Signaling:Redis:ConnectionString"] = redis.ConnectionString;
        settings["Signaling:Redis:KeyPrefix"] = $"browser:{Guid.NewGuid():N}:";
        return settings;
    }

    private static string ServerOrigin(TestSignalingServer server) => server.Address.GetLeftPart(UriPartial.Authority);

    private async Task<JsonElement> RunInPageAsync(PageOrigin origin, string script, object arguments)
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(origin.Origin + "/");
        var json = await page.EvaluateAsync<string>(script, arguments);
        return JsonDocument.Parse(json).RootElement.Clone();
    }
}
