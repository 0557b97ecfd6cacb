using System.Buffers.Binary;
using System.Security.Cryptography;
using P2PClinic.Plugins.SyncWebRtc.Internal;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.Sdk.Transport;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

/// <summary>Two transports in this process meet in a room through the real signaling server and link over WebRTC on loopback.</summary>
[Collection(SignalingCollection.Name)]
public sealed class TwoTransportTests : IAsyncLifetime
{
    private readonly SignalingServerFixture signaling;
    private readonly string roomId = TestTransports.NewRoomId();
    private WebRtcPeerTransport alice = null!;
    private WebRtcPeerTransport bob = null!;
    private WatchedRoom aliceRoom = null!;
    private WatchedRoom bobRoom = null!;

    public TwoTransportTests(SignalingServerFixture signaling)
    {
        this.signaling = signaling;
    }

    public async Task InitializeAsync()
    {
        alice = TestTransports.Create(signaling.Address);
        bob = TestTransports.Create(signaling.Address);
        aliceRoom = await WatchedRoom.JoinAsync(alice, roomId);
        bobRoom = await WatchedRoom.JoinAsync(bob, roomId);
    }

    public async Task DisposeAsync()
    {
        await aliceRoom.DisposeAsync();
        await bobRoom.DisposeAsync();
        await alice.DisposeAsync();
        await bob.DisposeAsync();
    }

    [Fact]
    public async Task PeersInOneRoom_SeeEachOther_AndGetALinkWithCrosswiseEqualChannelBindings()
    {
        await aliceRoom.JoinedAsync(bobRoom.PeerId);
        await bobRoom.JoinedAsync(aliceRoom.PeerId);
        var fromAlice = await aliceRoom.LinkAsync(bobRoom.PeerId);
        var fromBob = await bobRoom.LinkAsync(aliceRoom.PeerId);

        Assert.Equal([bobRoom.PeerId], aliceRoom.Room.Peers);
        Assert.Equal([aliceRoom.PeerId], bobRoom.Room.Peers);
        Assert.Equal(22, aliceRoom.PeerId.Length);
        Assert.Equal(fromAlice.ChannelBinding.LocalFingerprint, fromBob.ChannelBinding.RemoteFingerprint);
        Assert.Equal(fromAlice.ChannelBinding.RemoteFingerprint, fromBob.ChannelBinding.LocalFingerprint);
        Assert.NotEqual(fromAlice.ChannelBinding.LocalFingerprint, fromAlice.ChannelBinding.RemoteFingerprint);
        Assert.StartsWith("sha-256 ", fromAlice.ChannelBinding.LocalFingerprint, StringComparison.Ordinal);
        Assert.Equal(262_144, fromAlice.MaxMessageSize);
    }

    [Fact]
    public async Task Messages_FromEmptyToTheLargestAllowed_ArriveWholeBothWays()
    {
        var (fromAlice, fromBob) = await LinkBothAsync();
        int[] sizes = [0, 1, 1_000, 65_536, 100_000, fromAlice.MaxMessageSize];
        var messages = sizes.Select(RandomNumberGenerator.GetBytes).ToList();

        foreach (var message in messages)
        {
            await fromAlice.SendAsync(message, CancellationToken.None);
            await fromBob.SendAsync(message, CancellationToken.None);
        }

        foreach (var message in messages)
        {
            Assert.Equal(message, (await ReceiveAsync(fromBob)).ToArray());
            Assert.Equal(message, (await ReceiveAsync(fromAlice)).ToArray());
        }
    }

    [Fact]
    public async Task AThousandMessages_ArriveInOrder_BothWaysAtOnce()
    {
        var (fromAlice, fromBob) = await LinkBothAsync();

        async Task SendAsync(IPeerLink link)
        {
            var buffer = new byte[64];
            for (var i = 0; i < 1_000; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(buffer, i);
                await link.SendAsync(buffer, CancellationToken.None);
            }
        }

        async Task<List<int>> ReceiveAllAsync(IPeerLink link)
        {
            var received = new List<int>();
            for (var i = 0; i < 1_000; i++)
            {
                received.Add(BinaryPrimitives.ReadInt32BigEndian((await ReceiveAsync(link)).Span));
            }

            return received;
        }

        var bobReceives = ReceiveAllAsync(fromBob);
        var aliceReceives = ReceiveAllAsync(fromAlice);
        await Task.WhenAll(SendAsync(fromAlice), SendAsync(fromBob));

        Assert.Equal(Enumerable.Range(0, 1_000), await bobReceives);
        Assert.Equal(Enumerable.Range(0, 1_000), await aliceReceives);
    }

    [Fact]
    public async Task MessagesSentTheMomentOneEndIsUp_AreKeptForTheOtherEnd_EvenIfItReportsItsLinkLater()
    {
        // Whichever end is up first starts sending at once, before the other end may have reported its link.
        var first = await Task.WhenAny(aliceRoom.LinkAsync(bobRoom.PeerId), bobRoom.LinkAsync(aliceRoom.PeerId));
        var sender = await first;
        var receiverRoom = sender.RemotePeerId == bobRoom.PeerId ? bobRoom : aliceRoom;
        for (var i = 0; i < 100; i++)
        {
            await sender.SendAsync(new[] { (byte)i }, CancellationToken.None);
        }

        var receiver = await receiverRoom.LinkAsync(receiverRoom == bobRoom ? aliceRoom.PeerId : bobRoom.PeerId);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal([(byte)i], (await ReceiveAsync(receiver)).ToArray());
        }
    }

    [Fact]
    public async Task AMessageLargerThanTheMaximum_IsRefused_AndTheLinkCarriesOn()
    {
        var (fromAlice, fromBob) = await LinkBothAsync();

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await fromAlice.SendAsync(new byte[fromAlice.MaxMessageSize + 1], CancellationToken.None));
        await fromAlice.SendAsync(new byte[] { 7 }, CancellationToken.None);

        Assert.Contains("at most", e.Message, StringComparison.Ordinal);
        Assert.Equal([7], (await ReceiveAsync(fromBob)).ToArray());
    }

    [Fact]
    public async Task ALinkClosedByOneSide_IsReportedLostOnTheOther_ThenANewLinkReplacesIt()
    {
        var (fromAlice, fromBob) = await LinkBothAsync();
        await fromAlice.SendAsync(new byte[] { 1 }, CancellationToken.None);
        await ReceiveAsync(fromBob);

        await fromAlice.DisposeAsync();
        var lostAtBob = await bobRoom.LostAsync(aliceRoom.PeerId);
        var newAtAlice = await aliceRoom.LinkAsync(bobRoom.PeerId, fromAlice);
        var newAtBob = await bobRoom.LinkAsync(aliceRoom.PeerId, fromBob);
        await newAtAlice.SendAsync(new byte[] { 2 }, CancellationToken.None);

        Assert.Equal(PeerLinkCloseReason.ClosedLocally, (await fromAlice.Completion).Reason);
        Assert.Equal(PeerLinkCloseReason.ClosedByPeer, lostAtBob.Closure.Reason);
        Assert.Equal(PeerLinkCloseReason.ClosedByPeer, (await fromBob.Completion).Reason);
        var closed = await Assert.ThrowsAsync<PeerLinkClosedException>(async () => await fromBob.SendAsync(new byte[] { 3 }, CancellationToken.None));
        Assert.Equal(PeerLinkCloseReason.ClosedByPeer, closed.Closure.Reason);
        await Assert.ThrowsAsync<PeerLinkClosedException>(async () => await fromBob.ReceiveAsync(CancellationToken.None));
        Assert.Equal([2], (await ReceiveAsync(newAtBob)).ToArray());
        Assert.Equal(fromBob.ChannelBinding, newAtBob.ChannelBinding);
    }

    [Fact]
    public async Task APeerThatLeaves_IsReportedLinkLostThenLeft()
    {
        var (_, fromBob) = await LinkBothAsync();

        await aliceRoom.DisposeAsync();
        var lost = await bobRoom.LostAsync(aliceRoom.PeerId);
        await bobRoom.LeftAsync(aliceRoom.PeerId);

        Assert.Contains(lost.Closure.Reason, new[] { PeerLinkCloseReason.ClosedByPeer, PeerLinkCloseReason.PeerLeft });
        Assert.True(fromBob.Completion.IsCompleted);
        Assert.Empty(bobRoom.Room.Peers);
        var events = bobRoom.Events.Items.Where(e => e.PeerId == aliceRoom.PeerId).ToList();
        Assert.IsType<PeerLinkLost>(events[^2]);
        Assert.IsType<PeerLeft>(events[^1]);
    }

    [Fact]
    public async Task JunkAndForgedSignalsInTheMailbox_AreDropped_AndTheRoomCarriesOn()
    {
        // A stranger who learned the room token (but not the room id) posts into Alice's mailbox.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new SignalingClient(http, signaling.Address, TimeSpan.FromSeconds(30));
        var token = RoomSecrets.Derive(roomId).Token;
        var stranger = PeerId.New();
        await client.AnnounceAsync(token, stranger, CancellationToken.None);
        await client.PostAsync(token, aliceRoom.PeerId, stranger, RandomNumberGenerator.GetBytes(200), CancellationToken.None);
        await client.PostAsync(token, aliceRoom.PeerId, stranger, new SignalSeal(RoomSecrets.Derive("another room"), TimeProvider.System).Seal(SignalKind.Offer, stranger, aliceRoom.PeerId, 1, "v=0"), CancellationToken.None);

        var (fromAlice, fromBob) = await LinkBothAsync();
        await fromAlice.SendAsync(new byte[] { 9 }, CancellationToken.None);

        Assert.Equal([9], (await ReceiveAsync(fromBob)).ToArray());
        Assert.DoesNotContain(aliceRoom.Events.Items, e => e is PeerLinkEstablished && e.PeerId == stranger);
        await client.LeaveAsync(token, stranger, CancellationToken.None);
    }

    [Fact]
    public async Task APeerInAnotherRoom_IsNeverSeen()
    {
        await using var carol = TestTransports.Create(signaling.Address);
        await using var carolRoom = await WatchedRoom.JoinAsync(carol, TestTransports.NewRoomId());

        // By the time Alice and Bob are linked, each has read the presence list several times.
        await LinkBothAsync();
        await carolRoom.Room.DisposeAsync();

        Assert.Empty(carolRoom.Room.Peers);
        Assert.Empty(carolRoom.Events.Items.OfType<PeerJoined>());
        Assert.DoesNotContain(aliceRoom.Events.Items, e => e.PeerId == carolRoom.PeerId);
        Assert.DoesNotContain(bobRoom.Events.Items, e => e.PeerId == carolRoom.PeerId);
    }

    private async Task<(IPeerLink FromAlice, IPeerLink FromBob)> LinkBothAsync() =>
        (await aliceRoom.LinkAsync(bobRoom.PeerId), await bobRoom.LinkAsync(aliceRoom.PeerId));

    private static async Task<ReadOnlyMemory<byte>> ReceiveAsync(IPeerLink link)
    {
        using var guard = new CancellationTokenSource(EventLog<object>.Guard);
        return await link.ReceiveAsync(guard.Token);
    }
}
