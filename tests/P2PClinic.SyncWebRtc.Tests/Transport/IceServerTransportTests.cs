using Microsoft.Extensions.Logging;
using P2PClinic.Plugins.SyncWebRtc.Internal;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.WebRtc;
using P2PClinic.WebRtc.Tests.Turn;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

/// <summary>The plugin with configured TURN servers (a real coturn on loopback): the path it logs, and a wrong secret.</summary>
[Collection(SignalingCollection.Name)]
public sealed class IceServerTransportTests(SignalingServerFixture signaling)
{
    private async Task<IReadOnlyList<(int EventId, LogLevel Level, string Message)>> LinkTwoAsync(SyncWebRtcSettings settings)
    {
        var logs = new RecordingLoggerFactory();
        var roomId = TestTransports.NewRoomId();
        await using var alice = new WebRtcPeerTransport(settings, TimeProvider.System, logs);
        await using var bob = new WebRtcPeerTransport(settings, TimeProvider.System, logs);
        await using var aliceRoom = await WatchedRoom.JoinAsync(alice, roomId);
        await using var bobRoom = await WatchedRoom.JoinAsync(bob, roomId);
        var link = await aliceRoom.LinkAsync(bobRoom.PeerId);
        await link.SendAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        var received = await (await bobRoom.LinkAsync(aliceRoom.PeerId)).ReceiveAsync(CancellationToken.None);
        Assert.Equal(new byte[] { 1, 2, 3 }, received.ToArray());
        return logs.Entries;
    }

    [Fact]
    public async Task RelayPolicy_WithSharedSecret_LinksThroughTheRelay_AndLogsThePath()
    {
        await using var server = await CoturnServer.StartAsync();
        var settings = TestTransports.Settings(signaling.Address) with
        {
            IceServers = [new IceServerSetting([$"turn:{server.EndPoint}?transport=udp"], "clinic", SharedSecret: server.Secret)],
            IceTransportPolicy = RtcIceTransportPolicy.Relay,
        };
        var logs = await LinkTwoAsync(settings);
        Assert.Contains(logs, e => e.EventId == 30 && e.Message.Contains(": relayed through a TURN server (local relay, remote relay)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, e => e.EventId == 34);
        Assert.DoesNotContain(logs, e => e.Message.Contains(server.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongSharedSecret_IsLoggedAsAWarningOncePerRoom_AndTheLinkStillFormsOverHostCandidates()
    {
        await using var server = await CoturnServer.StartAsync();
        var settings = TestTransports.Settings(signaling.Address) with
        {
            IceServers = [new IceServerSetting([$"turn:{server.EndPoint}?transport=udp"], "clinic", SharedSecret: "not-the-secret")],
        };
        var logs = await LinkTwoAsync(settings);
        Assert.Contains(logs, e => e.EventId == 30 && e.Message.Contains(": direct, same network (local host, remote host)", StringComparison.Ordinal));
        var problems = logs.Where(e => e.EventId == 34).ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.All(problems, e => Assert.Contains("rejected the credentials", e.Message, StringComparison.Ordinal));
        Assert.True(problems.Count <= 2, "once per room: each of the two transports has its own room"); // one per joined room
        Assert.DoesNotContain(logs, e => e.Message.Contains("not-the-secret", StringComparison.Ordinal));
    }
}
