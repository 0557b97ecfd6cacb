using System.Net;
using System.Text;
using System.Text.Json;
using P2PClinic.WebRtc.Tests.Interop;
using P2PClinic.WebRtc.Tests.Turn;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Tests.Nat;

/// <summary>
/// The C# stack against libwebrtc (<c>tests/webrtc-peers/peer.js</c>, run with <c>ip netns exec</c>) across two
/// symmetric NATs, so that only coturn's relay can carry the link; both directions of offer and answer.
/// </summary>
public class LibWebRtcNatTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static (RtcConfiguration Ours, Dictionary<string, string> Theirs) Servers(CoturnServer server)
    {
        var turnUrl = $"turn:{server.EndPoint}?transport=udp";
        var ours = new RtcConfiguration { IceServers = [$"stun:{server.EndPoint}", RtcIceServer.WithSharedSecret([turnUrl], server.Secret, "csharp", DateTimeOffset.UtcNow.AddHours(1))] };
        var credential = TurnCredentials.FromSharedSecret(server.Secret, "libwebrtc", DateTimeOffset.UtcNow.AddHours(1));
        var iceServers = JsonSerializer.Serialize(new object[]
        {
            new { urls = $"stun:{server.EndPoint}" },
            new { urls = turnUrl, username = credential.Username, credential = credential.Password },
        });
        return (ours, new Dictionary<string, string> { ["PEER_ICE_SERVERS"] = iceServers, ["PEER_ALL_CANDIDATES"] = "1" });
    }

    private static NatTopology SymmetricTopology()
    {
        var unavailable = NatTopology.Unavailable();
        Skip.If(unavailable is not null, "NAT tests need network namespaces: " + unavailable);
        return NatTopology.Create(symmetric1: true, symmetric2: true);
    }

    private static async Task EchoAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var echoed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.MessageReceived += m => echoed.TrySetResult(Encoding.UTF8.GetString(m.Data.Span));
        await channel.SendAsync("across two symmetric NATs", cancellationToken);
        Assert.Equal("across two symmetric NATs", await echoed.Task.WaitAsync(cancellationToken));
    }

    private static async Task<RtcDataChannel> OpenedAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += open.SetResult;
        if (channel.State == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        await open.Task.WaitAsync(cancellationToken);
        return channel;
    }

    [SkippableFact]
    public async Task CSharpOffers_LibWebRtcAnswers_AcrossSymmetricNats_ThroughTheRelay()
    {
        using var topology = SymmetricTopology();
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        var (ours, theirs) = Servers(server);
        using var cts = new CancellationTokenSource(Patience);
        await using var node = NodePeer.Start("answer", "peer.js", topology.Home2, theirs);
        await using var pc = new RtcPeerConnection(ours);

        var offer = await NatTopology.InNamespace(topology.Home1, () => pc.CreateOfferAsync(cts.Token));
        await node.SendAsync(new { type = "offer", sdp = offer.Sdp });
        var answer = await node.WaitForAsync("answer", cancellationToken: cts.Token);
        pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, answer.GetProperty("sdp").GetString()!));
        await pc.WaitForConnectedAsync(cts.Token);

        Assert.Equal(RtcIceCandidateType.Relayed, pc.SelectedPath!.Kind);
        await EchoAsync(await OpenedAsync(pc.CreateDataChannel("echo"), cts.Token), cts.Token);
    }

    [SkippableFact]
    public async Task LibWebRtcOffers_CSharpAnswers_AcrossSymmetricNats_ThroughTheRelay()
    {
        using var topology = SymmetricTopology();
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        var (ours, theirs) = Servers(server);
        using var cts = new CancellationTokenSource(Patience);
        await using var node = NodePeer.Start("offer", "peer.js", topology.Home2, theirs);
        await using var pc = new RtcPeerConnection(ours);
        var channel = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.DataChannelOpened += channel.SetResult;

        var offer = await node.WaitForAsync("offer", cancellationToken: cts.Token);
        var answer = await NatTopology.InNamespace(topology.Home1, () =>
        {
            pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer.GetProperty("sdp").GetString()!));
            return pc.CreateAnswerAsync(cts.Token);
        });
        await node.SendAsync(new { type = "answer", sdp = answer.Sdp });
        await pc.WaitForConnectedAsync(cts.Token);

        Assert.Equal(RtcIceCandidateType.Relayed, pc.SelectedPath!.Kind);
        await EchoAsync(await channel.Task.WaitAsync(cts.Token), cts.Token);
    }
}
