using System.Net;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>
/// Our stack against libwebrtc (@roamhq/wrtc, whose SCTP is usrsctp) with every datagram crossing a relay that loses,
/// duplicates and reorders: loss recovery, stream reset and shutdown are checked against another implementation's
/// reading of RFC 9260 and RFC 6525, not only against our own. Each wait has a deadline; nothing is timed.
/// </summary>
public class LibWebRtcRelayedTests
{
    private const long TotalBytes = 8L * BulkTransfer.MiB;
    private const int MessageBytes = 64 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task LossyRelay_CSharpSendsToLibWebRtc_EveryByteArrivesExactly()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var peers = await RelayedLibWebRtc.ConnectAsync(cts.Token);
        peers.Hostile();

        var sink = peers.Pc.CreateDataChannel("sink");
        await BulkTransfer.WaitOpenAsync(sink, cts.Token);
        var result = await BulkTransfer.SendAsync(sink, TotalBytes, MessageBytes, cts.Token);

        Assert.Equal(TotalBytes, result.Received.Bytes);
        Assert.Equal(result.SentSha256, result.Received.Sha256);
        Assert.Equal(TotalBytes / BulkTransfer.MiB, result.Replies);
        Assert.True(peers.Relay.Dropped > 0, "the relay was meant to lose datagrams");
    }

    [Fact]
    public async Task LossyRelay_LibWebRtcSendsToCSharp_EveryByteArrivesExactly()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var peers = await RelayedLibWebRtc.ConnectAsync(cts.Token);
        peers.Hostile();

        var bulk = BulkTransfer.WaitForChannelAsync(peers.Pc, "bulk", cts.Token);
        await peers.Node.SendAsync(new { type = "bulk", label = "bulk", totalBytes = TotalBytes, messageBytes = MessageBytes });
        var received = await BulkTransfer.ReceiveAsync(await bulk, TotalBytes, cts.Token);
        var sender = await peers.Node.WaitForAsync("event", "bulk-done", cts.Token);

        Assert.Equal(TotalBytes, received.Bytes);
        Assert.Equal(sender.GetProperty("sha256").GetString(), received.Sha256);
        Assert.True(peers.Relay.Dropped > 0, "the relay was meant to lose datagrams");
    }

    [Fact]
    public async Task LossyRelay_CSharpClosesOneChannel_LibWebRtcSeesItResetAndTheOtherStillEchoes()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var peers = await RelayedLibWebRtc.ConnectAsync(cts.Token);
        var closing = await peers.OpenEchoAsync("closing", cts.Token);
        var staying = await peers.OpenEchoAsync("staying", cts.Token);
        peers.Hostile();

        var closedThere = peers.WaitForEventAsync("channel-closed", "closing", cts.Token);
        var closedHere = ClosedAsync(closing);
        closing.Close();

        await closedThere;
        await closedHere.WaitAsync(cts.Token);
        await AssertEchoesAsync(staying, 200, cts.Token);
    }

    [Fact]
    public async Task LossyRelay_LibWebRtcClosesOneChannel_WeSeeItClosedAndTheOtherStillEchoes()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var peers = await RelayedLibWebRtc.ConnectAsync(cts.Token);
        var closing = await peers.OpenEchoAsync("closing", cts.Token);
        var staying = await peers.OpenEchoAsync("staying", cts.Token);
        peers.Hostile();

        var closedHere = ClosedAsync(closing);
        await peers.Node.SendAsync(new { type = "close", label = "closing" });

        await closedHere.WaitAsync(cts.Token);
        Assert.Equal(RtcDataChannelState.Closed, closing.State);
        Assert.Equal(RtcDataChannelState.Open, staying.State);
        await AssertEchoesAsync(staying, 200, cts.Token);
    }

    [Fact]
    public async Task LossyRelay_CSharpClosesTheConnection_LibWebRtcSeesEveryChannelClosed()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var peers = await RelayedLibWebRtc.ConnectAsync(cts.Token);
        await peers.OpenEchoAsync("one", cts.Token);
        await peers.OpenEchoAsync("two", cts.Token);
        peers.Hostile();

        var closedThere = ClosedThereAsync(peers, ["one", "two"], cts.Token);
        await peers.Pc.CloseAsync();

        await closedThere;
        Assert.Equal(RtcPeerConnectionState.Closed, peers.Pc.ConnectionState);
    }

    [Fact]
    public async Task LossyRelay_LibWebRtcClosesTheConnection_OurChannelsClose()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var peers = await RelayedLibWebRtc.ConnectAsync(cts.Token);
        var channel = await peers.OpenEchoAsync("one", cts.Token);
        peers.Hostile();

        var closed = ClosedAsync(channel);
        await peers.Node.SendAsync(new { type = "close-connection" });

        await closed.WaitAsync(cts.Token);
        Assert.Equal(RtcDataChannelState.Closed, channel.State);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await channel.SendAsync("after the end", cts.Token));
    }

    /// <summary>Completes once libwebrtc has reported every one of <paramref name="labels"/> closed.</summary>
    private static async Task ClosedThereAsync(RelayedLibWebRtc peers, string[] labels, CancellationToken cancellationToken)
    {
        var open = new HashSet<string>(labels);
        while (open.Count > 0)
        {
            open.Remove((await peers.Node.WaitForAsync("event", "channel-closed", cancellationToken)).GetProperty("label").GetString()!);
        }
    }

    private static Task ClosedAsync(RtcDataChannel channel)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += () => closed.TrySetResult();
        if (channel.State == RtcDataChannelState.Closed)
        {
            closed.TrySetResult();
        }

        return closed.Task;
    }

    /// <summary>Sends <paramref name="count"/> numbered messages and expects each echoed back, in order.</summary>
    private static async Task AssertEchoesAsync(RtcDataChannel channel, int count, CancellationToken cancellationToken)
    {
        var inbox = CSharpToCSharpTests.Collect(channel);
        for (var i = 0; i < count; i++)
        {
            await channel.SendAsync($"#{i}", cancellationToken);
        }

        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"#{i}", (await inbox.ReadAsync(cancellationToken)).Text);
        }
    }

    /// <summary>Our offerer and a libwebrtc answerer that reach each other only through a <see cref="LossyUdpRelay"/>.</summary>
    private sealed class RelayedLibWebRtc(NodePeer node, RtcPeerConnection pc, LossyUdpRelay relay) : IAsyncDisposable
    {
        public NodePeer Node { get; } = node;

        public RtcPeerConnection Pc { get; } = pc;

        public LossyUdpRelay Relay { get; } = relay;

        /// <summary>Connects over a clean relay (the handshakes are not what these tests are about).</summary>
        public static async Task<RelayedLibWebRtc> ConnectAsync(CancellationToken cancellationToken)
        {
            var node = NodePeer.Start("answer");
            var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
            LossyUdpRelay? relay = null;
            try
            {
                // libwebrtc gets a placeholder candidate and learns the relay by trickle, once the relay knows both ends.
                var offer = await pc.CreateOfferAsync(cancellationToken);
                await node.SendAsync(new { type = "offer", sdp = RelayedPeerTests.OnlyCandidate(offer.Sdp, new IPEndPoint(IPAddress.Loopback, 9)) });
                var answer = (await node.WaitForAsync("answer", cancellationToken: cancellationToken)).GetProperty("sdp").GetString()!;
                relay = new LossyUdpRelay(RelayedPeerTests.HostCandidate(offer.Sdp), RelayedPeerTests.HostCandidate(answer));
                pc.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, RelayedPeerTests.OnlyCandidate(answer, relay.FacingA)));
                await node.SendAsync(new { type = "candidate", candidate = $"candidate:1 1 udp 2130706431 {relay.FacingB.Address} {relay.FacingB.Port} typ host" });
                await pc.WaitForConnectedAsync(cancellationToken);
                return new RelayedLibWebRtc(node, pc, relay);
            }
            catch
            {
                await pc.DisposeAsync();
                await node.DisposeAsync();
                if (relay is not null)
                {
                    await relay.DisposeAsync();
                }

                throw;
            }
        }

        /// <summary>From now on the relay loses 5%, duplicates 2% and reorders 5% of the datagrams, both ways.</summary>
        public void Hostile()
        {
            Relay.LossRate = 0.05;
            Relay.DuplicateRate = 0.02;
            Relay.ReorderRate = 0.05;
        }

        /// <summary>Opens a channel to libwebrtc's echo and waits until libwebrtc reports it open too.</summary>
        public async Task<RtcDataChannel> OpenEchoAsync(string label, CancellationToken cancellationToken)
        {
            var openThere = WaitForEventAsync("channel-open", label, cancellationToken);
            var channel = Pc.CreateDataChannel(label);
            await BulkTransfer.WaitOpenAsync(channel, cancellationToken);
            await openThere;
            return channel;
        }

        /// <summary>The peer's next <paramref name="eventName"/> about the channel <paramref name="label"/> (it may say "open" twice).</summary>
        public async Task WaitForEventAsync(string eventName, string label, CancellationToken cancellationToken)
        {
            while ((await Node.WaitForAsync("event", eventName, cancellationToken)).GetProperty("label").GetString() != label)
            {
                // another channel's event, or the same "open" said twice
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Pc.DisposeAsync();
            await Node.DisposeAsync();
            await Relay.DisposeAsync();
        }
    }
}
