using System.Net;
using System.Threading.Channels;
using P2PClinic.WebRtc.Ice;
using P2PClinic.WebRtc.Sdp;
using P2PClinic.WebRtc.Tests.Interop;
using P2PClinic.WebRtc.Tests.Turn;

namespace P2PClinic.WebRtc.Tests.Nat;

public partial class NatTraversalTests
{
    [SkippableFact]
    public async Task NatMappingChanges_IceRestartRecoversTheLinkWithinTenSeconds_NothingLostOrReordered()
    {
        using var topology = Topology(symmetric: false);
        await using var server = await CoturnServer.StartAsync(topology.Public, IPAddress.Parse(NatTopology.PublicAddress));
        using var cts = new CancellationTokenSource(Patience);
        var (offerer, answerer, _, _) = await ConnectAcrossAsync(topology, Configuration(server), Configuration(server), cts.Token);
        await using var _1 = offerer;
        await using var _2 = answerer;
        var (sender, receiver) = await OpenChannelAsync(offerer, answerer, "across a restart", cts.Token);
        ChannelReader<RtcDataChannelMessage> inbox = CSharpToCSharpTests.Collect(receiver);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        offerer.ConnectionStateChanged += s =>
        {
            if (s == RtcPeerConnectionState.Disconnected)
            {
                disconnected.TrySetResult();
            }
        };

        for (var i = 0; i < 50; i++)
        {
            await sender.SendAsync($"message {i}", cts.Token);
        }

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"message {i}", (await inbox.ReadAsync(cts.Token)).Text);
        }

        // Home 1's NAT maps it elsewhere: the selected pair is dead both ways. Consent notices, and the offerer restarts
        // ICE through signaling (here: in process), as the plugin does while the peer is still in the room.
        using var recovered = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cts.Token, recovered.Token);
        topology.ChangeMapping(1);
        for (var i = 50; i < 100; i++)
        {
            await sender.SendAsync($"message {i}", both.Token);
        }

        await disconnected.Task.WaitAsync(both.Token);
        var offer = await offerer.CreateIceRestartOfferAsync(both.Token);
        var answer = await answerer.SetIceRestartDescriptionAsync(offer, both.Token);
        await offerer.SetIceRestartDescriptionAsync(answer!, both.Token);
        for (var i = 100; i < 150; i++)
        {
            await sender.SendAsync($"message {i}", both.Token);
        }

        for (var i = 50; i < 150; i++)
        {
            Assert.Equal($"message {i}", (await inbox.ReadAsync(both.Token)).Text);
        }

        Assert.Equal(RtcPeerConnectionState.Connected, offerer.ConnectionState);

        // Fresh gathering: the restart offer names home 1's new mapping (the NAT's new port range) as its reflexive candidate.
        Assert.Contains(SdpDataChannelDescription.Parse(offer.Sdp).Candidates, c => c.Type == IceCandidateType.ServerReflexive && c.EndPoint.Port is >= 40000 and <= 40999);
    }
}
