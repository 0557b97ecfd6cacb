using System.Security.Cryptography;
using System.Threading.Channels;

namespace P2PClinic.WebRtc.Tests.Interop;

public class CSharpToCSharpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Connect_OnLoopback_ExchangesTextBothWays()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        var (local, remote) = await pair.OpenChannelAsync("chat", cancellationToken: cts.Token);

        var atRemote = Collect(remote);
        var atLocal = Collect(local);
        await local.SendAsync("hello from the offerer", cts.Token);
        await remote.SendAsync("hello from the answerer", cts.Token);

        var first = await atRemote.ReadAsync(cts.Token);
        Assert.True(first.IsText);
        Assert.Equal("hello from the offerer", first.Text);
        Assert.Equal("hello from the answerer", (await atLocal.ReadAsync(cts.Token)).Text);
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Offerer.ConnectionState);
    }

    [Fact]
    public async Task Connect_ChannelBinding_EachSideSeesTheOthersCertificate()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        Assert.Equal(pair.Offerer.LocalFingerprint, pair.Answerer.RemoteFingerprint);
        Assert.Equal(pair.Answerer.LocalFingerprint, pair.Offerer.RemoteFingerprint);
        Assert.NotEqual(pair.Offerer.LocalFingerprint, pair.Answerer.LocalFingerprint);
    }

    [Fact]
    public async Task SendAsync_AboveOurOwnSmallerMaxMessageSize_ThrowsAsMaxSendMessageSizeSays()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(new RtcConfiguration { MaxMessageSize = 1000 }, cancellationToken: cts.Token);
        var (local, remote) = await pair.OpenChannelAsync("limits", cancellationToken: cts.Token);
        var atRemote = Collect(remote);

        // Ours is 1000, the peer's 262,144: the smaller one binds, for what we report and for what we send.
        Assert.Equal(1000, pair.Offerer.MaxSendMessageSize);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await local.SendAsync(new byte[1001], cts.Token));
        Assert.Contains("1000 bytes", error.Message);
        await local.SendAsync(new byte[1000], cts.Token);

        Assert.Equal(1000, (await atRemote.ReadAsync(cts.Token)).Data.Length);
    }

    [Fact]
    public async Task Messages_FromEmptyTo256KiB_ArriveIntactInBothDirections()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        var (local, remote) = await pair.OpenChannelAsync("sizes", cancellationToken: cts.Token);
        var atRemote = Collect(remote);
        var atLocal = Collect(local);
        int[] sizes = [0, 1, 1000, 1200, 16_384, 65_536, 100_000, 262_144];
        foreach (var size in sizes)
        {
            var payload = RandomNumberGenerator.GetBytes(size);
            await local.SendAsync(payload, cts.Token);
            var received = await atRemote.ReadAsync(cts.Token);
            Assert.False(received.IsText);
            Assert.Equal(payload, received.Data.ToArray());

            await remote.SendAsync(payload, cts.Token);
            Assert.Equal(payload, (await atLocal.ReadAsync(cts.Token)).Data.ToArray());
        }

        await local.SendAsync(string.Empty, cts.Token);
        var empty = await atRemote.ReadAsync(cts.Token);
        Assert.True(empty.IsText);
        Assert.Equal(string.Empty, empty.Text);
    }

    [Fact]
    public async Task TenThousandMessages_ArriveInOrder()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        var (local, remote) = await pair.OpenChannelAsync("ordered", cancellationToken: cts.Token);
        var atRemote = Collect(remote);
        const int count = 10_000;
        var sending = Task.Run(
            async () =>
            {
                for (var i = 0; i < count; i++)
                {
                    if (i % 2 == 0)
                    {
                        await local.SendAsync($"message {i}", cts.Token);
                    }
                    else
                    {
                        await local.SendAsync(BitConverter.GetBytes(i), cts.Token);
                    }
                }
            },
            cts.Token);

        for (var i = 0; i < count; i++)
        {
            var message = await atRemote.ReadAsync(cts.Token);
            if (i % 2 == 0)
            {
                Assert.Equal($"message {i}", message.Text);
            }
            else
            {
                Assert.Equal(i, BitConverter.ToInt32(message.Data.Span));
            }
        }

        await sending;
    }

    [Fact]
    public async Task Close_ByOneSide_ClosesTheChannelAtTheOther()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        var (local, remote) = await pair.OpenChannelAsync("closing", cancellationToken: cts.Token);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.Closed += () => closed.TrySetResult();
        local.Close();
        await closed.Task.WaitAsync(cts.Token);
        Assert.Equal(RtcDataChannelState.Closed, remote.State);
    }

    [Fact]
    public async Task CloseAsync_ByOneSide_ReportsClosedAtTheOther()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        var closed = new TaskCompletionSource<RtcPeerConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Answerer.ConnectionStateChanged += s =>
        {
            if (s is RtcPeerConnectionState.Closed or RtcPeerConnectionState.Failed)
            {
                closed.TrySetResult(s);
            }
        };
        await pair.Offerer.CloseAsync();
        Assert.Equal(RtcPeerConnectionState.Closed, await closed.Task.WaitAsync(cts.Token));
    }

    internal static ChannelReader<RtcDataChannelMessage> Collect(RtcDataChannel channel)
    {
        var inbox = Channel.CreateUnbounded<RtcDataChannelMessage>();
        channel.MessageReceived += m => inbox.Writer.TryWrite(new RtcDataChannelMessage(m.IsText, m.Data.ToArray()));
        return inbox.Reader;
    }
}
