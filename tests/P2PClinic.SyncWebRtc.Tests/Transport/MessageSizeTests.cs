using Microsoft.Extensions.Logging.Abstractions;
using P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.Sdk.Transport;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.WebRtc;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

[Collection(SignalingCollection.Name)]
public sealed class MessageSizeTests
{
    private readonly SignalingServerFixture signaling;

    public MessageSizeTests(SignalingServerFixture signaling)
    {
        this.signaling = signaling;
    }

    [Fact]
    public async Task ALinksMaxMessageSize_IsTheSmallerOfWhatTheTwoEndsAccept_SoSendAsyncKeepsItsContract()
    {
        // The peer's a=max-message-size bounds what may be sent to it (RFC 8841 section 6); a peer that accepts less
        // than we do must not turn a send within MaxMessageSize into an undocumented failure.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var roomId = TestTransports.NewRoomId();
        var settings = TestTransports.Settings(signaling.Address);
        await using var big = await JoinAsync(roomId, settings, http, 262_144);
        await using var small = await JoinAsync(roomId, settings, http, 65_536);

        var fromBig = await FirstLinkAsync(big);
        var fromSmall = await FirstLinkAsync(small);

        Assert.Equal(65_536, fromBig.MaxMessageSize);
        Assert.Equal(65_536, fromSmall.MaxMessageSize);
        await fromBig.SendAsync(new byte[65_536], CancellationToken.None);
        Assert.Equal(65_536, (await fromSmall.ReceiveAsync(CancellationToken.None)).Length);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await fromBig.SendAsync(new byte[65_537], CancellationToken.None));
    }

    private static Task<WebRtcPeerRoom> JoinAsync(string roomId, Plugins.SyncWebRtc.Internal.SyncWebRtcSettings settings, HttpClient http, int maxMessageSize) =>
        WebRtcPeerRoom.JoinAsync(
            roomId, settings, new RtcConfiguration { LoopbackOnly = true, MaxMessageSize = maxMessageSize, FailedTimeout = settings.FailedTimeout, ConnectTimeout = settings.ConnectTimeout },
            new SignalingClient(http, settings.SignalingUrl!, TimeSpan.FromSeconds(30)), TimeProvider.System, NullLogger.Instance, _ => { }, CancellationToken.None);

    private static async Task<IPeerLink> FirstLinkAsync(IPeerRoom room)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await foreach (var e in room.ReadEventsAsync(timeout.Token))
        {
            if (e is PeerLinkEstablished up)
            {
                return up.Link;
            }
        }

        throw new InvalidOperationException("the room ended before a link came up");
    }
}
