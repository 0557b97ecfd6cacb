using P2PClinic.Signaling.Internal.Storage;
using P2PClinic.Signaling.Tests.Infrastructure;

namespace P2PClinic.Signaling.Tests;

/// <summary>The behaviour suite on the embedded store, plus what only it has: the sweeper that frees memory.</summary>
public sealed class InMemoryStoreBehaviourTests : RendezvousBehaviourTests
{
    private protected override Task<TestSignalingServer> StartServerAsync(Dictionary<string, string?> settings)
    {
        settings["Signaling:Store"] = "Memory";
        return TestSignalingServer.StartAsync(settings, Time);
    }

    [Fact]
    public async Task Sweeper_FreesExpiredRoomsAndCodes()
    {
        await using var server = await StartServerAsync(TestSignalingServer.DefaultSettings());
        var store = (InMemoryRendezvousStore)server.Store;
        var room = Ids.Room();
        using (await server.Client.AnnounceAsync(room, Ids.Peer()))
        using (await server.Client.CreateShareCodeAsync(Ids.Blob(10)))
        {
        }

        Assert.Equal(1, store.RoomCount);
        Assert.Equal(1, store.ShareCodeCount);
        Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(0, store.RoomCount);
        Assert.Equal(0, store.ShareCodeCount);
    }
}

/// <summary>The behaviour suite on the Redis store, against a real redis-server.</summary>
public sealed class RedisStoreBehaviourTests(RedisServer redis) : RendezvousBehaviourTests, IClassFixture<RedisServer>
{
    private protected override Task<TestSignalingServer> StartServerAsync(Dictionary<string, string?> settings)
    {
        settings["Signaling:Store"] = "Redis";
        settings["Signaling:Redis:ConnectionString"] = redis.ConnectionString;
        // One key space per server: tests share the Redis but not their lockout counters or rooms.
        settings["Signaling:Redis:KeyPrefix"] = $"test:{Guid.NewGuid():N}:";
        return TestSignalingServer.StartAsync(settings, Time);
    }
}
