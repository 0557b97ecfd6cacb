using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>The public API's contract for calls in the wrong order and bad input.</summary>
public class RtcPeerConnectionTests
{
    [Fact]
    public async Task CreateAnswerAsync_WithoutRemoteOffer_Throws()
    {
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await Assert.ThrowsAsync<InvalidOperationException>(() => pc.CreateAnswerAsync());
    }

    [Fact]
    public async Task CreateDataChannel_BeforeTheDtlsRoleIsKnown_ThrowsAndSaysWhen()
    {
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        _ = await pc.CreateOfferAsync();
        var error = Assert.Throws<InvalidOperationException>(() => pc.CreateDataChannel("early"));
        Assert.Contains("after the remote description", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetRemoteDescription_Garbage_ThrowsRtcSdpExceptionAndKeepsTheConnectionUsable()
    {
        await using var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await using var answerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        Assert.Throws<RtcSdpException>(() => answerer.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, "this is not sdp")));

        // The failed call changed nothing: a real offer still works.
        var offer = await offerer.CreateOfferAsync();
        answerer.SetRemoteDescription(offer);
        offerer.SetRemoteDescription(await answerer.CreateAnswerAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Task.WhenAll(offerer.WaitForConnectedAsync(cts.Token), answerer.WaitForConnectedAsync(cts.Token));
    }

    [Fact]
    public async Task SetRemoteDescription_AnswerWithoutOurOffer_Throws()
    {
        await using var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await using var other = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var offer = await offerer.CreateOfferAsync();
        Assert.Throws<InvalidOperationException>(() => other.SetRemoteDescription(offer with { Type = RtcSdpType.Answer }));
    }

    [Fact]
    public async Task SetRemoteDescription_AnswerSayingActPass_IsRejected()
    {
        await using var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await using var peer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        _ = await offerer.CreateOfferAsync();
        var theirOffer = await peer.CreateOfferAsync();
        var error = Assert.Throws<RtcSdpException>(() => offerer.SetRemoteDescription(theirOffer with { Type = RtcSdpType.Answer }));
        Assert.Contains("a=setup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddIceCandidate_Malformed_ThrowsAndChangesNothing()
    {
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var states = new ConcurrentQueue<RtcPeerConnectionState>();
        pc.ConnectionStateChanged += states.Enqueue;

        var error = Assert.Throws<RtcSdpException>(() => pc.AddIceCandidate(new RtcIceCandidate("candidate:1 1 udp nope 127.0.0.1 9 typ host")));

        Assert.Contains("Malformed ICE candidate", error.Message, StringComparison.Ordinal);
        Assert.Equal(RtcPeerConnectionState.New, pc.ConnectionState);
        Assert.Empty(states);
    }

    [Fact]
    public async Task AddIceCandidate_MdnsAndTcp_AreIgnored_NoCheckGoesToThem()
    {
        // A trap on the port both ignored candidates name, with a priority above any real candidate's: had either been
        // paired, the answerer's first connectivity check would have gone there.
        using var trap = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        trap.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var trapPort = ((IPEndPoint)trap.LocalEndPoint!).Port;
        await using var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await using var answerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var traces = new ConcurrentQueue<string>();
        answerer.Trace = traces.Enqueue;

        // The offer without its candidates: the answerer learns the real one after the ignored ones, as trickled.
        var offer = await offerer.CreateOfferAsync();
        var lines = offer.Sdp.Split("\r\n");
        answerer.SetRemoteDescription(offer with { Sdp = string.Join("\r\n", lines.Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal))) });
        answerer.AddIceCandidate(new RtcIceCandidate($"candidate:1 1 udp 2147483647 0b1d4c3a-1111-2222-3333-444455556666.local {trapPort} typ host"));
        answerer.AddIceCandidate(new RtcIceCandidate($"candidate:2 1 tcp 2147483647 127.0.0.1 {trapPort} typ host tcptype passive"));
        answerer.AddIceCandidate(new RtcIceCandidate(string.Empty));
        foreach (var candidate in lines.Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)))
        {
            answerer.AddIceCandidate(new RtcIceCandidate(candidate["a=".Length..]));
        }

        Assert.Equal(2, traces.Count(t => t.StartsWith("ignoring candidate", StringComparison.Ordinal)));
        Assert.Equal(RtcPeerConnectionState.New, answerer.ConnectionState);
        offerer.SetRemoteDescription(await answerer.CreateAnswerAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Task.WhenAll(offerer.WaitForConnectedAsync(cts.Token), answerer.WaitForConnectedAsync(cts.Token));

        Assert.Equal(0, trap.Available);
        Assert.Equal(RtcIceCandidateType.Host, answerer.SelectedPath!.Remote);
    }

    [Fact]
    public void Constructor_BadIceServers_ThrowArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { IceServers = ["turn:127.0.0.1:3478"] })); // no credential
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { IceServers = ["http://127.0.0.1:3478"] }));
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { IceServers = ["stun:127.0.0.1:99999"] }));
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { IceServers = [new RtcIceServer { Urls = ["turn:127.0.0.1?transport=sctp"], Username = "u", Credential = "p" }] }));
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { IceTransportPolicy = RtcIceTransportPolicy.Relay, IceServers = ["stun:127.0.0.1"] }));
    }

    [Fact]
    public async Task Connect_WithStunServerOnLoopback_StillConnectsOverHostCandidates()
    {
        await using var stun = new Ice.LoopbackStunServer(source => source);
        var configuration = new RtcConfiguration { IceServers = [$"stun:{stun.EndPoint.Address}:{stun.EndPoint.Port}"] };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var pair = await PeerPair.ConnectAsync(configuration, configuration, cts.Token);
        Assert.True(stun.Requests >= 2);
    }

    [Fact]
    public async Task Connect_OfferingAndAnsweringWithTheSameNodeCertificate_ExposeItAsFingerprint()
    {
        var node = RtcCertificate.Generate();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var pair = await PeerPair.ConnectAsync(new RtcConfiguration { Certificate = node }, null, cts.Token);
        Assert.Equal(node.Fingerprint, pair.Offerer.LocalFingerprint);
        Assert.Equal(node.Fingerprint, pair.Answerer.RemoteFingerprint);
    }

    [Fact]
    public async Task DisposeAsync_Twice_IsHarmless()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        await pair.DisposeAsync();
        await pair.DisposeAsync();
        Assert.Equal(RtcPeerConnectionState.Closed, pair.Offerer.ConnectionState);
        Assert.Throws<InvalidOperationException>(() => pair.Offerer.CreateDataChannel("late"));
    }
}
