namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>
/// 64 MiB in 64 KiB messages between our stack and libwebrtc (@roamhq/wrtc), in each direction, with the receiver
/// replying after every MiB. A transfer that stalls (libwebrtc's sender waiting on retransmission timers because our
/// acknowledgements overran its socket) is a correctness failure: the bound is generous, far above the few seconds
/// a healthy run takes even on a loaded machine, and the bytes must arrive exactly.
/// </summary>
public class LibWebRtcBulkTests
{
    private const long TotalBytes = 64L * BulkTransfer.MiB;
    private const int MessageBytes = 64 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task LibWebRtcSends64MiBWithReplies_CSharpReceivesItAllExactly()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var node = NodePeer.Start("offer");
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await node.NegotiateAsAnswererAsync(pc, cts.Token);

        var bulk = BulkTransfer.WaitForChannelAsync(pc, "bulk", cts.Token);
        await node.SendAsync(new { type = "bulk", label = "bulk", totalBytes = TotalBytes, messageBytes = MessageBytes });
        var received = await BulkTransfer.ReceiveAsync(await bulk, TotalBytes, cts.Token);
        var sender = await node.WaitForAsync("event", "bulk-done", cts.Token);

        Assert.Equal(TotalBytes, received.Bytes);
        Assert.Equal(sender.GetProperty("sha256").GetString(), received.Sha256);
        Assert.Equal(TotalBytes, sender.GetProperty("bytes").GetInt64());
        Assert.Equal(TotalBytes / BulkTransfer.MiB, sender.GetProperty("replies").GetInt32());
    }

    [Fact]
    public async Task CSharpSends64MiBWithReplies_LibWebRtcReceivesItAllExactly()
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var node = NodePeer.Start("answer");
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await node.NegotiateAsOffererAsync(pc, cts.Token);

        var sink = pc.CreateDataChannel("sink");
        await BulkTransfer.WaitOpenAsync(sink, cts.Token);
        var result = await BulkTransfer.SendAsync(sink, TotalBytes, MessageBytes, cts.Token);

        Assert.Equal(TotalBytes, result.Received.Bytes);
        Assert.Equal(result.SentSha256, result.Received.Sha256);

        // One reply per MiB, all of them ahead of the account on the ordered channel.
        Assert.Equal(TotalBytes / BulkTransfer.MiB, result.Replies);
    }
}
