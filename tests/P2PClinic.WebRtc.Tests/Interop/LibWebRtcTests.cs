using System.Security.Cryptography;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>Our stack against Google's libwebrtc (the npm package @roamhq/wrtc), which echoes every message.</summary>
public class LibWebRtcTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CSharpOffers_LibWebRtcAnswers_EchoesAllSizesAndTenThousandInOrder()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var node = NodePeer.Start("answer");
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        await node.NegotiateAsOffererAsync(pc, cts.Token);

        var channel = pc.CreateDataChannel("echo");
        await WaitOpenAsync(channel, cts.Token);
        await ExerciseEchoAsync(channel, cts.Token);

        var closed = node.WaitForAsync("event", "channel-closed", cts.Token);
        channel.Close();
        await closed;
    }

    [Fact]
    public async Task LibWebRtcOffers_CSharpAnswers_EchoesAllSizesAndTenThousandInOrder()
    {
        using var cts = new CancellationTokenSource(Patience);
        await using var node = NodePeer.Start("offer");
        await using var pc = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var opened = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.DataChannelOpened += c => opened.TrySetResult(c);

        await node.NegotiateAsAnswererAsync(pc, cts.Token);

        var channel = await opened.Task.WaitAsync(cts.Token);
        Assert.Equal("echo", channel.Label);
        await ExerciseEchoAsync(channel, cts.Token);

        var closed = node.WaitForAsync("event", "channel-closed", cts.Token);
        channel.Close();
        await closed;
    }

    private static async Task WaitOpenAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.State == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        await open.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Both directions at once: we send, libwebrtc receives and sends it back.</summary>
    private static async Task ExerciseEchoAsync(RtcDataChannel channel, CancellationToken cancellationToken)
    {
        var inbox = CSharpToCSharpTests.Collect(channel);
        int[] sizes = [0, 1, 1199, 1200, 1201, 65_536, 200_000, 262_144];
        foreach (var size in sizes)
        {
            var payload = RandomNumberGenerator.GetBytes(size);
            await channel.SendAsync(payload, cancellationToken);
            var echoed = await inbox.ReadAsync(cancellationToken);
            Assert.False(echoed.IsText);
            Assert.Equal(payload, echoed.Data.ToArray());
        }

        await channel.SendAsync(string.Empty, cancellationToken);
        var emptyText = await inbox.ReadAsync(cancellationToken);
        Assert.True(emptyText.IsText);
        Assert.Equal(string.Empty, emptyText.Text);

        await channel.SendAsync("grüße 👋", cancellationToken);
        Assert.Equal("grüße 👋", (await inbox.ReadAsync(cancellationToken)).Text);

        const int count = 10_000;
        var sending = Task.Run(
            async () =>
            {
                for (var i = 0; i < count; i++)
                {
                    if (i % 2 == 0)
                    {
                        await channel.SendAsync($"#{i}", cancellationToken);
                    }
                    else
                    {
                        await channel.SendAsync(BitConverter.GetBytes(i), cancellationToken);
                    }
                }
            },
            cancellationToken);
        for (var i = 0; i < count; i++)
        {
            var message = await inbox.ReadAsync(cancellationToken);
            if (i % 2 == 0)
            {
                Assert.True(message.IsText);
                Assert.Equal($"#{i}", message.Text);
            }
            else
            {
                Assert.False(message.IsText);
                Assert.Equal(i, BitConverter.ToInt32(message.Data.Span));
            }
        }

        await sending;
    }
}
