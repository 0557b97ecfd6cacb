using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.Tests.TransportProbe.V1;
using Xunit.Abstractions;

namespace P2PClinic.SyncWebRtc.Tests.Node;

/// <summary>The plugin in real node processes: peers meet in a room through a real signaling server and link over WebRTC on loopback.</summary>
[Collection(SignalingCollection.Name)]
public sealed class TwoNodeTests
{
    private readonly SignalingServerFixture signaling;
    private readonly ITestOutputHelper output;

    public TwoNodeTests(SignalingServerFixture signaling, ITestOutputHelper output)
    {
        this.signaling = signaling;
        this.output = output;
    }

    [Fact]
    public async Task TwoNodesInARoom_Link_Exchange_NoticeAKilledPeer_AndLinkAgainAfterItsRestart_WhileANodeInAnotherRoomSeesNobody()
    {
        var room = TestTransports.NewRoomId();
        var otherRoom = TestTransports.NewRoomId();
        await using var a = await ProbeNode.StartAsync(signaling.Address, line => output.WriteLine("a: " + line));
        await using var b = await ProbeNode.StartAsync(signaling.Address, line => output.WriteLine("b: " + line));
        await using var c = await ProbeNode.StartAsync(signaling.Address, line => output.WriteLine("c: " + line));
        var aPeer = await a.JoinAsync(room);
        var bPeer = await b.JoinAsync(room);
        var cPeer = await c.JoinAsync(otherRoom);
        var aEvents = a.Watch(room);
        var bEvents = b.Watch(room);
        var cEvents = c.Watch(otherRoom);

        // They find each other and link; the channel binding is the same pair of fingerprints seen from both ends.
        var aUp = await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkUp && e.PeerId == bPeer, "a's link to b");
        var bUp = await bEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkUp && e.PeerId == aPeer, "b's link to a");
        Assert.Equal(aUp.LocalFingerprint, bUp.RemoteFingerprint);
        Assert.Equal(aUp.RemoteFingerprint, bUp.LocalFingerprint);
        Assert.Contains(aEvents.Items, e => e.Kind == ProbeEvent.Types.Kind.PeerJoined && e.PeerId == bPeer);

        // Messages both ways.
        await a.Probe.SendAsync(new SendRequest { RoomId = room, PeerId = bPeer, Data = ByteString.CopyFromUtf8("hello from a") });
        await b.Probe.SendAsync(new SendRequest { RoomId = room, PeerId = aPeer, Data = ByteString.CopyFromUtf8("hello from b") });
        await b.Probe.SendAsync(new SendRequest { RoomId = room, PeerId = aPeer, Data = ByteString.Empty });
        await bEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.Message && e.PeerId == aPeer && e.Data.ToStringUtf8() == "hello from a", "a's message at b");
        await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.Message && e.PeerId == bPeer && e.Data.ToStringUtf8() == "hello from b", "b's message at a");
        await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.Message && e.PeerId == bPeer && e.Data.IsEmpty, "b's empty message at a");
        var peersOfA = await a.Probe.ListPeersAsync(new ListPeersRequest { RoomId = room });
        Assert.Equal([bPeer], peersOfA.PeerIds);
        Assert.Equal([bPeer], peersOfA.LinkedPeerIds);

        // b vanishes without a word: a notices the link is gone (consent), then that b left (its presence lapses).
        await b.Node.KillAsync();
        var down = await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkDown && e.PeerId == bPeer, "a's link to b lost");
        await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.PeerLeft && e.PeerId == bPeer, "b gone from a's room");
        Assert.DoesNotContain("ClosedLocally", down.Reason, StringComparison.Ordinal);
        Assert.Empty((await a.Probe.ListPeersAsync(new ListPeersRequest { RoomId = room })).PeerIds);

        // b comes back (a new session: a new peer id, the same node certificate) and the link is re-established.
        await b.Node.RestartAsync();
        var bPeerAgain = await b.JoinAsync(room);
        var bEventsAgain = b.Watch(room);
        var aUpAgain = await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkUp && e.PeerId == bPeerAgain, "a's link to b after its restart");
        await bEventsAgain.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkUp && e.PeerId == aPeer, "b's link to a after its restart");
        Assert.NotEqual(bPeer, bPeerAgain);
        Assert.Equal(aUp.RemoteFingerprint, aUpAgain.RemoteFingerprint);
        await b.Probe.SendAsync(new SendRequest { RoomId = room, PeerId = aPeer, Data = ByteString.CopyFromUtf8("back again") });
        await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.Message && e.PeerId == bPeerAgain && e.Data.ToStringUtf8() == "back again", "b's message after its restart");

        // The node in the other room saw nobody all along.
        Assert.Empty((await c.Probe.ListPeersAsync(new ListPeersRequest { RoomId = otherRoom })).PeerIds);
        Assert.DoesNotContain(cEvents.Items, e => e.Kind == ProbeEvent.Types.Kind.PeerJoined);
        Assert.DoesNotContain(aEvents.Items, e => e.PeerId == cPeer);
    }

    [Fact]
    public async Task ANodeThatStops_ClosesItsLinksAndLeavesTheRoom_InsteadOfFadingAway()
    {
        var room = TestTransports.NewRoomId();
        await using var a = await ProbeNode.StartAsync(signaling.Address, line => output.WriteLine("a: " + line));
        await using var b = await ProbeNode.StartAsync(signaling.Address, line => output.WriteLine("b: " + line));
        var aPeer = await a.JoinAsync(room);
        var bPeer = await b.JoinAsync(room);
        var aEvents = a.Watch(room);
        await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkUp && e.PeerId == bPeer, "a's link to b");

        Assert.Equal(0, await b.Node.StopAsync());
        using var http = new HttpClient();
        var present = await new SignalingClient(http, signaling.Address, TimeSpan.FromSeconds(30)).ListPeersAsync(RoomSecrets.Derive(room).Token, CancellationToken.None);
        var down = await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.LinkDown && e.PeerId == bPeer, "a's link to b closed");
        await aEvents.WaitForAsync(e => e.Kind == ProbeEvent.Types.Kind.PeerLeft && e.PeerId == bPeer, "b gone from a's room");

        // b deleted its presence while stopping, and closed the link (SCTP shutdown) rather than letting consent expire.
        Assert.Equal([aPeer], present);
        Assert.DoesNotContain("PeerUnreachable", down.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeWithoutASignalingUrl_RunsThePlugin_ButJoiningFailsWithAClearError()
    {
        await using var node = await ProbeNode.StartAsync(signalingUrl: null, line => output.WriteLine(line));

        var status = await node.Node.Node.GetStatusAsync(new GetStatusRequest());
        var e = await Assert.ThrowsAsync<RpcException>(async () => await node.JoinAsync(TestTransports.NewRoomId()));

        var webRtc = Assert.Single(status.Plugins, p => p.Id == "p2pclinic.sync-webrtc");
        Assert.Equal(PluginState.Running, webRtc.State);
        // Running, but it says through the API why it cannot do its work (the CLI shows it as "degraded").
        Assert.StartsWith("cannot share or join orgs: no signaling server is configured: set Plugins:p2pclinic.sync-webrtc:SignalingUrl", webRtc.DegradedReason, StringComparison.Ordinal);
        var probe = Assert.Single(status.Plugins, p => p.Id == "tests.transport-probe");
        Assert.Equal(PluginState.Running, probe.State);
        Assert.Equal("", probe.DegradedReason);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("NotConfigured", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("Plugins:p2pclinic.sync-webrtc:SignalingUrl", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("SignalingUrl", node.Node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANodeWhoseSignalingServerIsDown_FailsToJoinWithAClearError_NotAHang()
    {
        await using var node = await ProbeNode.StartAsync(new Uri($"http://127.0.0.1:{FreePort.Next()}/"), line => output.WriteLine(line));

        var e = await Assert.ThrowsAsync<RpcException>(async () => await node.JoinAsync(TestTransports.NewRoomId()));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Contains("Unreachable", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("could not be reached", e.Status.Detail, StringComparison.Ordinal);
    }
}
