using System.Net;
using P2PClinic.WebRtc.Ice;
using P2PClinic.WebRtc.Sdp;
using P2PClinic.WebRtc.Tests.Turn;

namespace P2PClinic.WebRtc.Tests.Nat;

/// <summary>
/// Two peers in two homes behind emulated NAT routers, coturn in the public namespace (see <see cref="NatTopology"/>).
/// Each peer's sockets are opened on a thread inside its home namespace, so every datagram crosses the real NAT.
/// Needs root: where the kernel refuses namespaces (no root) each test is skipped with the reason; CI runs as root.
/// Set P2PCLINIC_KEEP_COTURN_LOG to a file name to keep coturn's log of a failing run.
/// </summary>
public partial class NatTraversalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static RtcConfiguration Configuration(CoturnServer server, RtcIceTransportPolicy policy = RtcIceTransportPolicy.All) => new()
    {
        IceServers =
        [
            $"stun:{server.EndPoint}",
            RtcIceServer.WithSharedSecret([$"turn:{server.EndPoint}?transport=udp"], server.Secret, "nat-test", DateTimeOffset.UtcNow.AddHours(1)),
        ],
        IceTransportPolicy = policy,
    };

    private static async Task<(RtcPeerConnection Offerer, RtcPeerConnection Answerer, string Offer, string Answer)> ConnectAcrossAsync(NatTopology topology, RtcConfiguration offererConfiguration, RtcConfiguration answererConfiguration, CancellationToken cancellationToken)
    {
        var offerer = new RtcPeerConnection(offererConfiguration);
        var answerer = new RtcPeerConnection(answererConfiguration);

        // Gathering opens the ICE socket synchronously: on a thread in the home's namespace the socket stays there.
        var offerTask = NatTopology.InNamespace(topology.Home1, () => offerer.CreateOfferAsync(cancellationToken));
        var offer = await offerTask;
        var answerTask = NatTopology.InNamespace(topology.Home2, () =>
        {
            answerer.SetRemoteDescription(offer);
            return answerer.CreateAnswerAsync(cancellationToken);
        });
        var answer = await answerTask;
        offerer.SetRemoteDescription(answer);
        await Task.WhenAll(offerer.WaitForConnectedAsync(cancellationToken), answerer.WaitForConnectedAsync(cancellationToken));
        return (offerer, answerer, offer.Sdp, answer.Sdp);
    }

    /// <summary>Opens a data channel from the offerer and waits until both ends are open: (offerer's end, answerer's end).</summary>
    private static async Task<(RtcDataChannel Local, RtcDataChannel Remote)> OpenChannelAsync(RtcPeerConnection offerer, RtcPeerConnection answerer, string label, CancellationToken cancellationToken)
    {
        var opened = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        answerer.DataChannelOpened += opened.SetResult;
        var local = offerer.CreateDataChannel(label);
        var localOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        local.Opened += localOpen.SetResult;
        if (local.State == RtcDataChannelState.Open)
        {
            localOpen.TrySetResult();
        }

        var remote = await opened.Task.WaitAsync(cancellationToken);
        await localOpen.Task.WaitAsync(cancellationToken);
        return (local, remote);
    }

    private static async Task ExchangeAsync(RtcPeerConnection offerer, RtcPeerConnection answerer, CancellationToken cancellationToken)
    {
        var (local, remote) = await OpenChannelAsync(offerer, answerer, "nat", cancellationToken);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += m => received.TrySetResult(m.Data.ToArray());
        var payload = new byte[100_000];
        Random.Shared.NextBytes(payload);
        await local.SendAsync(payload, cancellationToken);
        Assert.Equal(payload, await received.Task.WaitAsync(cancellationToken));
    }

    private static NatTopology Topology(bool symmetric)
    {
        var unavailable = NatTopology.Unavailable();
        Skip.If(unavailable is not null, "NAT tests need network namespaces: " + unavailable);

        return NatTopology.Create(symmetric, symmetric);
    }

    [SkippableFact]
    public async Task EndpointIndependentNats_ConnectDirectlyOverReflexiveCandidates_WithoutTheRelay()
    {
        using var topology = Topology(symmetric: false);
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        using var cts = new CancellationTokenSource(Patience);
        var (offerer, answerer, offer, _) = await ConnectAcrossAsync(topology, Configuration(server), Configuration(server), cts.Token);
        await using var _1 = offerer;
        await using var _2 = answerer;

        Assert.Contains(SdpDataChannelDescription.Parse(offer).Candidates, c => c.Type == IceCandidateType.ServerReflexive && c.EndPoint.Address.Equals(IPAddress.Parse("10.201.1.2")));
        Assert.NotEqual(RtcIceCandidateType.Relayed, offerer.SelectedPath!.Kind);
        Assert.NotEqual(RtcIceCandidateType.Host, offerer.SelectedPath.Kind); // the homes cannot reach each other's LAN addresses
        await ExchangeAsync(offerer, answerer, cts.Token);
    }

    [SkippableFact]
    public async Task SymmetricNats_ConnectOnlyThroughTheRelay_AndMoveData()
    {
        using var topology = Topology(symmetric: true);
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        using var cts = new CancellationTokenSource(Patience);
        var (offerer, answerer, _, _) = await ConnectAcrossAsync(topology, Configuration(server), Configuration(server), cts.Token);
        await using var _1 = offerer;
        await using var _2 = answerer;

        Assert.Equal(RtcIceCandidateType.Relayed, offerer.SelectedPath!.Kind);
        Assert.Equal(RtcIceCandidateType.Relayed, answerer.SelectedPath!.Kind);
        await ExchangeAsync(offerer, answerer, cts.Token);
    }

    [SkippableFact]
    public async Task RelayOnlyPolicy_TheOtherSideNeverReceivesAHostOrReflexiveCandidateOfThatNode()
    {
        using var topology = Topology(symmetric: false);
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        using var cts = new CancellationTokenSource(Patience);
        var (offerer, answerer, offer, _) = await ConnectAcrossAsync(topology, Configuration(server, RtcIceTransportPolicy.Relay), Configuration(server), cts.Token);
        await using var _1 = offerer;
        await using var _2 = answerer;

        var offered = SdpDataChannelDescription.Parse(offer).Candidates;
        Assert.NotEmpty(offered);
        Assert.All(offered, c => Assert.Equal(IceCandidateType.Relayed, c.Type));
        Assert.DoesNotContain("10.201.11.2", offer, StringComparison.Ordinal); // its LAN address
        Assert.DoesNotContain("10.201.1.2", offer, StringComparison.Ordinal);  // its NAT's public address
        Assert.Equal(RtcIceCandidateType.Relayed, offerer.SelectedPath!.Local);
        await ExchangeAsync(offerer, answerer, cts.Token);
    }

    [SkippableFact]
    public async Task UdpBlockedForOneHome_ConnectsThroughTurnOverTcp()
    {
        var unavailable = NatTopology.Unavailable();
        Skip.If(unavailable is not null, "NAT tests need network namespaces: " + unavailable);

        using var topology = NatTopology.Create(symmetric1: false, symmetric2: false, blockUdpFromHome1: true);
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        var overTcp = new RtcConfiguration
        {
            IceServers = [RtcIceServer.WithSharedSecret([$"turn:{server.EndPoint}?transport=tcp"], server.Secret, "tcp-only", DateTimeOffset.UtcNow.AddHours(1))],
        };
        using var cts = new CancellationTokenSource(Patience);
        var (offerer, answerer, offer, _) = await ConnectAcrossAsync(topology, overTcp, Configuration(server), cts.Token);
        await using var _1 = offerer;
        await using var _2 = answerer;

        Assert.Contains(SdpDataChannelDescription.Parse(offer).Candidates, c => c.Type == IceCandidateType.Relayed);
        Assert.Equal(RtcIceCandidateType.Relayed, offerer.SelectedPath!.Local);
        await ExchangeAsync(offerer, answerer, cts.Token);
    }
}
