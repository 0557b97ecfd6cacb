using System.Net;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.Testing;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

/// <summary>The plugin's signaling client against the real server process (docs/protocol.md).</summary>
[Collection(SignalingCollection.Name)]
public sealed class SignalingClientTests : IDisposable
{
    private readonly HttpClient http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly SignalingClient client;
    private readonly string room = RoomSecrets.Derive(TestTransports.NewRoomId()).Token;

    public SignalingClientTests(SignalingServerFixture fixture)
    {
        client = new SignalingClient(http, fixture.Address, TimeSpan.FromSeconds(30));
    }

    public void Dispose() => http.Dispose();

    [Fact]
    public async Task Announce_ReturnsHowLongThePresenceLasts()
    {
        var lasts = await client.AnnounceAsync(room, PeerId.New(), CancellationToken.None);

        // The server's TTL, measured by the server's own clock (its Date header drops the fraction of a second).
        Assert.InRange(lasts, SignalingServerProcess.PresenceTtl - TimeSpan.FromSeconds(2), SignalingServerProcess.PresenceTtl + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ListPeers_ShowsAnnouncedPeers_UntilTheyLeave()
    {
        var a = PeerId.New();
        var b = PeerId.New();
        await client.AnnounceAsync(room, a, CancellationToken.None);
        await client.AnnounceAsync(room, b, CancellationToken.None);

        var both = await client.ListPeersAsync(room, CancellationToken.None);
        await client.LeaveAsync(room, a, CancellationToken.None);
        var after = await client.ListPeersAsync(room, CancellationToken.None);

        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), both.Order(StringComparer.Ordinal));
        Assert.Equal([b], after);
    }

    [Fact]
    public async Task PostThenDrain_DeliversTheSignalBytesAndTheSender()
    {
        var a = PeerId.New();
        var b = PeerId.New();
        await client.AnnounceAsync(room, a, CancellationToken.None);
        await client.AnnounceAsync(room, b, CancellationToken.None);
        var signal = new byte[] { 1, 2, 3, 250, 251, 252 };

        await client.PostAsync(room, b, a, signal, CancellationToken.None);
        var drained = await client.DrainAsync(room, b, 0, CancellationToken.None);

        var message = Assert.Single(drained);
        Assert.Equal(a, message.From);
        Assert.Equal(signal, message.Signal);
    }

    [Fact]
    public async Task Drain_WaitsForAPost_LongPolling()
    {
        var a = PeerId.New();
        var b = PeerId.New();
        await client.AnnounceAsync(room, a, CancellationToken.None);
        await client.AnnounceAsync(room, b, CancellationToken.None);

        var drain = client.DrainAsync(room, b, SignalingClient.MaxDrainWaitSeconds, CancellationToken.None);
        await client.PostAsync(room, b, a, [42], CancellationToken.None);

        var message = Assert.Single(await drain);
        Assert.Equal([42], message.Signal);
    }

    [Fact]
    public async Task Drain_ByAPeerNotPresent_IsPeerNotPresent()
    {
        var e = await Assert.ThrowsAsync<SignalingException>(() => client.DrainAsync(room, PeerId.New(), 0, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal(SignalingException.PeerNotPresent, e.ProblemType);
        Assert.False(e.IsUnreachable);
    }

    [Fact]
    public async Task Post_ToAPeerNotPresent_IsPeerNotPresent()
    {
        var a = PeerId.New();
        await client.AnnounceAsync(room, a, CancellationToken.None);

        var e = await Assert.ThrowsAsync<SignalingException>(() => client.PostAsync(room, PeerId.New(), a, [1], CancellationToken.None));

        Assert.Equal(SignalingException.PeerNotPresent, e.ProblemType);
    }

    [Fact]
    public async Task Announce_WithAMalformedRoomToken_IsAnInvalidFieldError()
    {
        var e = await Assert.ThrowsAsync<SignalingException>(() => client.AnnounceAsync("too-short", PeerId.New(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal("urn:p2pclinic:signaling:invalid-field", e.ProblemType);
    }

    [Fact]
    public async Task AnyCall_ToAPortWhereNothingListens_IsUnreachable()
    {
        using var unreachable = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var dead = new SignalingClient(unreachable, new Uri($"http://127.0.0.1:{FreePort.Next()}/"), TimeSpan.FromSeconds(30));

        var e = await Assert.ThrowsAsync<SignalingException>(() => dead.AnnounceAsync(room, PeerId.New(), CancellationToken.None));

        Assert.True(e.IsUnreachable);
        Assert.Contains("could not be reached", e.Message, StringComparison.Ordinal);
    }
}
