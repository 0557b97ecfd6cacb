using System.Net;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>Each kind of request has its own budget per client address; over budget is a 429 with Retry-After.</summary>
public sealed class RateLimitTests
{
    private static async Task<TestSignalingServer> StartWithBudget(string policy, int permits)
    {
        var settings = TestSignalingServer.DefaultSettings();
        settings[$"Signaling:RateLimits:{policy}:PermitLimit"] = permits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"Signaling:RateLimits:{policy}:Window"] = "00:10:00";
        return await TestSignalingServer.StartAsync(settings);
    }

    [Fact]
    public async Task Presence_OverBudget_Is429WithRetryAfterAndProblem()
    {
        await using var server = await StartWithBudget("Presence", 3);
        var room = Ids.Room();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.Client.AnnounceAsync(room, Ids.Peer());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var response = await server.Client.ListAsync(room);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal("urn:p2pclinic:signaling:rate-limited", (await SignalingClient.JsonOf(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task ShareCodeCreate_OverBudget_Is429_WhileClaimsAndPresenceStillWork()
    {
        await using var server = await StartWithBudget("ShareCodeCreate", 2);
        string? code = null;
        for (var i = 0; i < 2; i++)
        {
            using var created = await server.Client.CreateShareCodeAsync(Ids.Blob(10));
            code = (await SignalingClient.JsonOf(created)).GetProperty("code").GetString();
        }

        using var refused = await server.Client.CreateShareCodeAsync(Ids.Blob(10));
        using var claim = await server.Client.ClaimAsync(code!);
        using var announce = await server.Client.AnnounceAsync(Ids.Room(), Ids.Peer());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        Assert.Equal(HttpStatusCode.OK, announce.StatusCode);
    }

    [Fact]
    public async Task ShareCodeClaim_OverBudget_Is429()
    {
        await using var server = await StartWithBudget("ShareCodeClaim", 2);
        for (var i = 0; i < 2; i++)
        {
            using var claim = await server.Client.ClaimAsync("ABCD-EFGH");
        }

        using var response = await server.Client.ClaimAsync("ABCD-EFGH");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("urn:p2pclinic:signaling:rate-limited", (await SignalingClient.JsonOf(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Mailbox_OverBudget_Is429_WhilePresenceStillWorks()
    {
        await using var server = await StartWithBudget("Mailbox", 2);
        var room = Ids.Room();
        var peer = Ids.Peer();
        using (await server.Client.AnnounceAsync(room, peer))
        {
        }

        for (var i = 0; i < 2; i++)
        {
            using var drain = await server.Client.DrainAsync(room, peer);
            Assert.Equal(HttpStatusCode.OK, drain.StatusCode);
        }

        using var refused = await server.Client.DrainAsync(room, peer);
        using var announce = await server.Client.AnnounceAsync(room, peer);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, announce.StatusCode);
    }

    [Fact]
    public async Task Healthz_IsNotRateLimited()
    {
        await using var server = await StartWithBudget("Presence", 1);
        for (var i = 0; i < 5; i++)
        {
            using var response = await server.Client.Http.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
