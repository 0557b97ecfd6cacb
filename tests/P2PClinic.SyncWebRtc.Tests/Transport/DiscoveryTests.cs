using P2PClinic.SyncWebRtc.Tests.Infrastructure;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

[Collection(SignalingCollection.Name)]
public sealed class DiscoveryTests
{
    private readonly SignalingServerFixture signaling;

    public DiscoveryTests(SignalingServerFixture signaling)
    {
        this.signaling = signaling;
    }

    [Fact]
    public async Task ALaterJoinerThatMustWaitForAnOffer_Knocks_AndLinksWithoutWaitingForTheOthersNextPresencePoll()
    {
        // Nobody polls again during the test: only the joiner's first look at the list, then its knock, can link them.
        var settings = TestTransports.Settings(signaling.Address) with { PresencePollInterval = TimeSpan.FromHours(1) };
        var roomId = TestTransports.NewRoomId();
        await using var first = TestTransports.Create(settings);
        await using var second = TestTransports.Create(settings);
        await using var firstRoom = await WatchedRoom.JoinAsync(first, roomId);

        // The lower peer id offers: join until the second peer is the one that must wait (peer ids are random per join).
        var secondRoom = await WatchedRoom.JoinAsync(second, roomId);
        while (string.CompareOrdinal(secondRoom.PeerId, firstRoom.PeerId) < 0)
        {
            await secondRoom.DisposeAsync();
            secondRoom = await WatchedRoom.JoinAsync(second, roomId);
        }

        await using (secondRoom)
        {
            var fromFirst = await firstRoom.LinkAsync(secondRoom.PeerId);
            var fromSecond = await secondRoom.LinkAsync(firstRoom.PeerId);

            Assert.Equal(fromFirst.ChannelBinding.LocalFingerprint, fromSecond.ChannelBinding.RemoteFingerprint);
            Assert.Contains(secondRoom.PeerId, firstRoom.Room.Peers);
        }
    }

    [Fact]
    public async Task ManyJoiners_AllLinkToEachOther()
    {
        var roomId = TestTransports.NewRoomId();
        var transports = Enumerable.Range(0, 4).Select(_ => TestTransports.Create(signaling.Address)).ToList();
        var rooms = new List<WatchedRoom>();
        try
        {
            foreach (var transport in transports)
            {
                rooms.Add(await WatchedRoom.JoinAsync(transport, roomId));
            }

            foreach (var room in rooms)
            {
                foreach (var other in rooms.Where(r => r != room))
                {
                    var link = await room.LinkAsync(other.PeerId);
                    await link.SendAsync(System.Text.Encoding.UTF8.GetBytes(room.PeerId), CancellationToken.None);
                }
            }

            foreach (var room in rooms)
            {
                foreach (var other in rooms.Where(r => r != room))
                {
                    var link = await room.LinkAsync(other.PeerId);
                    using var guard = new CancellationTokenSource(EventLog<object>.Guard);
                    Assert.Equal(other.PeerId, System.Text.Encoding.UTF8.GetString((await link.ReceiveAsync(guard.Token)).Span));
                }
            }
        }
        finally
        {
            foreach (var room in rooms)
            {
                await room.DisposeAsync();
            }

            foreach (var transport in transports)
            {
                await transport.DisposeAsync();
            }
        }
    }
}
