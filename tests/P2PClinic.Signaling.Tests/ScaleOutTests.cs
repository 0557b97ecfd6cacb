using System.Net;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>Two instances behind a load balancer share one Redis: whichever instance a request reaches, the state is one.</summary>
public sealed class ScaleOutTests(RedisServer redis) : IClassFixture<RedisServer>, IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private TestSignalingServer first = null!;
    private TestSignalingServer second = null!;

    public async Task InitializeAsync()
    {
        var settings = TestSignalingServer.DefaultSettings();
        settings["Signaling:Store"] = "Redis";
        settings["Signaling:Redis:ConnectionString"] = redis.ConnectionString;
        settings["Signaling:Redis:KeyPrefix"] = $"scale:{Guid.NewGuid():N}:";
        settings["Signaling:MaxFailedClaims"] = "2";
        first = await TestSignalingServer.StartAsync(settings, time);
        second = await TestSignalingServer.StartAsync(settings, time);
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task ShareCode_CreatedOnOneInstance_IsClaimedOnceAcrossBoth()
    {
        var payload = Ids.Blob(80);
        using var created = await first.Client.CreateShareCodeAsync(payload);
        var code = (await SignalingClient.JsonOf(created)).GetProperty("code").GetString()!;

        var claims = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second).Client.ClaimAsync(code)));

        Assert.Single(claims, c => c.StatusCode == HttpStatusCode.OK);
        foreach (var claim in claims)
        {
            claim.Dispose();
        }
    }

    [Fact]
    public async Task Presence_AnnouncedOnOneInstance_IsListedOnTheOther()
    {
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        using (await first.Client.AnnounceAsync(room, a))
        using (await second.Client.AnnounceAsync(room, b))
        {
        }

        Assert.Equal(new[] { a, b }.Order(), (await second.Client.ListPeerIdsAsync(room)).Order());
        Assert.Equal(new[] { a, b }.Order(), (await first.Client.ListPeerIdsAsync(room)).Order());
    }

    [Fact]
    public async Task LongPoll_OnOneInstance_WakesForAPostOnTheOther()
    {
        var room = Ids.Room();
        var (a, b) = (Ids.Peer(), Ids.Peer());
        using (await first.Client.AnnounceAsync(room, a))
        using (await first.Client.AnnounceAsync(room, b))
        {
        }

        var poll = second.Client.DrainAsync(room, b, wait: 25);
        await second.WaitForParkedPollsAsync(1);
        var signal = Ids.Blob(900);
        using (var posted = await first.Client.PostSignalAsync(room, b, a, signal))
        {
            Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        }

        // Fake time stands still: only the pub/sub notification from the other instance can end this wait.
        using var response = await poll;
        Assert.Equal([(a, signal)], await SignalingClient.MessagesOf(response));
    }

    [Fact]
    public async Task FailedClaims_CountAcrossInstances()
    {
        using (await first.Client.ClaimAsync("ABCD-EFGH"))
        using (await second.Client.ClaimAsync("ABCD-EFGH"))
        {
        }

        using var response = await first.Client.ClaimAsync("ABCD-EFGH");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }
}
