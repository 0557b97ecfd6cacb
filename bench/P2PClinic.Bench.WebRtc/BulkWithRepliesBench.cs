using P2PClinic.WebRtc;
using P2PClinic.WebRtc.Tests.Interop;

namespace P2PClinic.Bench.WebRtc;

/// <summary>
/// Our stack against one libwebrtc peer (tests/webrtc-peers/peer.js) on loopback: bulk data in one direction with the
/// receiver's running count coming back after every MiB, timed until the receiver has every byte (checked by SHA-256).
/// </summary>
internal static class BulkWithRepliesBench
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(300);

    public static async Task<BenchResult> LibWebRtcToCSharpAsync(BenchSettings settings)
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var node = NodePeer.Start("offer");
        await using var pc = new RtcPeerConnection(new RtcConfiguration { LoopbackOnly = true });
        await node.NegotiateAsAnswererAsync(pc, cts.Token);

        var bulk = BulkTransfer.WaitForChannelAsync(pc, "bulk", cts.Token);
        await node.SendAsync(new { type = "bulk", label = "bulk", totalBytes = settings.TotalBytes, messageBytes = settings.MessageBytes });
        var received = await BulkTransfer.ReceiveAsync(await bulk, settings.TotalBytes, cts.Token);
        var sender = await node.WaitForAsync("event", "bulk-done", cts.Token);
        if (received.Bytes != settings.TotalBytes || sender.GetProperty("sha256").GetString() != received.Sha256)
        {
            throw new InvalidOperationException("libwebrtc -> C#: the bytes that arrived are not the bytes sent.");
        }

        return new BenchResult(received.MegabytesPerSecond, double.NaN, double.NaN);
    }

    public static async Task<BenchResult> CSharpToLibWebRtcAsync(BenchSettings settings)
    {
        using var cts = new CancellationTokenSource(Bound);
        await using var node = NodePeer.Start("answer");
        await using var pc = new RtcPeerConnection(new RtcConfiguration { LoopbackOnly = true });
        await node.NegotiateAsOffererAsync(pc, cts.Token);

        var sink = pc.CreateDataChannel("sink");
        await BulkTransfer.WaitOpenAsync(sink, cts.Token);
        var result = await BulkTransfer.SendAsync(sink, settings.TotalBytes, settings.MessageBytes, cts.Token);
        if (result.Received.Bytes != settings.TotalBytes || result.Received.Sha256 != result.SentSha256)
        {
            throw new InvalidOperationException("C# -> libwebrtc: the bytes that arrived are not the bytes sent.");
        }

        return new BenchResult(result.Received.MegabytesPerSecond, double.NaN, double.NaN);
    }
}
