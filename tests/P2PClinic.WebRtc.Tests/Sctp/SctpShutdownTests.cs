using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

public sealed class SctpShutdownTests
{
    [Fact]
    public async Task ShutdownAsync_WithQueuedData_DeliversEverythingThenBothSidesCloseWithShutdown()
    {
        await using var pair = await AssociationPair.ConnectedAsync(toServer: new LinkConditions(Loss: 0.05, Seed: 5));
        var serverClosed = new TaskCompletionSource<string>();
        var clientClosed = new TaskCompletionSource<string>();
        pair.Server.Closed += r => serverClosed.TrySetResult(r);
        pair.Client.Closed += r => clientClosed.TrySetResult(r);
        var chunkTypes = new List<SctpChunkType>();
        pair.ClientToServer.Tap = p => { lock (chunkTypes) { chunkTypes.AddRange(PacketInspector.ChunkTypes(p)); } };
        pair.ServerToClient.Tap = pair.ClientToServer.Tap;

        for (var i = 0; i < 100; i++)
        {
            await pair.Client.SendAsync(0, 53, false, new byte[5000], CancellationToken.None);
        }

        await pair.Client.ShutdownAsync(CancellationToken.None).WaitAsync(AssociationPair.Patience);

        Assert.Equal("shutdown", await clientClosed.Task.WaitAsync(AssociationPair.Patience));
        Assert.Equal("shutdown", await serverClosed.Task.WaitAsync(AssociationPair.Patience));
        Assert.Equal(100, pair.ServerMessages.Count);
        lock (chunkTypes)
        {
            Assert.Contains(SctpChunkType.Shutdown, chunkTypes);
            Assert.Contains(SctpChunkType.ShutdownAck, chunkTypes);
            Assert.Contains(SctpChunkType.ShutdownComplete, chunkTypes);
            Assert.DoesNotContain(SctpChunkType.Abort, chunkTypes);
        }
    }

    [Fact]
    public async Task ShutdownAsync_ShutdownCompleteLost_PeerRetransmitsShutdownAckAndStillClosesCleanly()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var serverClosed = new TaskCompletionSource<string>();
        pair.Server.Closed += r => serverClosed.TrySetResult(r);
        var dropped = 0;
        pair.ClientToServer.Filter = p => !PacketInspector.Contains(p, SctpChunkType.ShutdownComplete) || Interlocked.Exchange(ref dropped, 1) == 1;

        await pair.Client.ShutdownAsync(CancellationToken.None).WaitAsync(AssociationPair.Patience);

        Assert.Equal("shutdown", await serverClosed.Task.WaitAsync(AssociationPair.Patience));
        Assert.Equal(1, dropped);
    }

    [Fact]
    public async Task ShutdownAsync_ShutdownAckLost_ShutdownIsRepeatedAndBothClose()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var serverClosed = new TaskCompletionSource<string>();
        pair.Server.Closed += r => serverClosed.TrySetResult(r);
        var dropped = 0;
        pair.ServerToClient.Filter = p => !PacketInspector.Contains(p, SctpChunkType.ShutdownAck) || Interlocked.Exchange(ref dropped, 1) == 1;

        await pair.Client.ShutdownAsync(CancellationToken.None).WaitAsync(AssociationPair.Patience);

        Assert.Equal("shutdown", pair.Client.CloseReason);
        Assert.Equal("shutdown", await serverClosed.Task.WaitAsync(AssociationPair.Patience));
    }

    [Fact]
    public async Task ShutdownAsync_BothSidesAtOnce_BothClose()
    {
        await using var pair = await AssociationPair.ConnectedAsync();

        await Task.WhenAll(pair.Client.ShutdownAsync(CancellationToken.None), pair.Server.ShutdownAsync(CancellationToken.None)).WaitAsync(AssociationPair.Patience);

        Assert.Equal("shutdown", pair.Client.CloseReason);
        Assert.Equal("shutdown", pair.Server.CloseReason);
    }

    [Fact]
    public async Task SendAsync_AfterShutdownStarted_ThrowsAssociationClosed()
    {
        await using var pair = await AssociationPair.ConnectedAsync();

        await pair.Client.ShutdownAsync(CancellationToken.None).WaitAsync(AssociationPair.Patience);

        await Assert.ThrowsAsync<SctpAssociationClosedException>(async () => await pair.Client.SendAsync(0, 53, false, new byte[1], CancellationToken.None));
        await Assert.ThrowsAsync<SctpAssociationClosedException>(async () => await pair.Server.SendAsync(0, 53, false, new byte[1], CancellationToken.None));
    }

    [Fact]
    public async Task Abort_TellsThePeerWithReasonAndBothClose()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var serverClosed = new TaskCompletionSource<string>();
        pair.Server.Closed += r => serverClosed.TrySetResult(r);

        pair.Client.Abort("test is over");

        Assert.Equal("aborted: test is over", pair.Client.CloseReason);
        Assert.Equal("the peer aborted the association: test is over", await serverClosed.Task.WaitAsync(AssociationPair.Patience));
        await Assert.ThrowsAsync<SctpAssociationClosedException>(async () => await pair.Server.SendAsync(0, 53, false, new byte[1], CancellationToken.None));
    }

    [Fact]
    public async Task Abort_WithWrongVerificationTag_IsIgnored()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var forged = new SctpPacketWriter(1200, 5000, 5000, 0xDEAD_BEEF);
        forged.BeginChunk(SctpChunkType.Abort, 0);
        forged.EndChunk();

        pair.Server.ReceivePacket(forged.Finish().Span);

        Assert.Equal(SctpAssociationState.Established, pair.Server.State);
        await SctpHandshakeTests.AssertWorksBothWaysAsync(pair);
    }
}

public sealed class SctpHeartbeatTests
{
    [Fact]
    public async Task Heartbeat_IsAnsweredWithHeartbeatAckEchoingTheInfo()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var ack = new TaskCompletionSource<byte[]>();
        pair.ServerToClient.Tap = p =>
        {
            if (PacketInspector.ChunkValue(p, SctpChunkType.HeartbeatAck) is { } value)
            {
                ack.TrySetResult(value);
            }
        };
        var tag = await CaptureServerTagAsync(pair);
        var heartbeat = new SctpPacketWriter(1200, 5000, 5000, tag);
        heartbeat.BeginChunk(SctpChunkType.Heartbeat, 0);
        byte[] info = [0, 1, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8];
        heartbeat.WriteBytes(info);
        heartbeat.EndChunk();

        pair.Server.ReceivePacket(heartbeat.Finish().Span);

        Assert.Equal(info, await ack.Task.WaitAsync(AssociationPair.Patience));
    }

    private static async Task<uint> CaptureServerTagAsync(AssociationPair pair)
    {
        var tag = new TaskCompletionSource<uint>();
        pair.ClientToServer.Tap = p => tag.TrySetResult(PacketInspector.VerificationTag(p));
        await pair.Client.SendAsync(0, 53, false, new byte[1], CancellationToken.None);
        return await tag.Task.WaitAsync(AssociationPair.Patience);
    }
}
