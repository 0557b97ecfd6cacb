using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

public sealed class SctpTransferTests
{
    private const uint Binary = 53;

    [Theory]
    [InlineData(1)]
    [InlineData(1171)]
    [InlineData(1172)]
    [InlineData(1173)]
    [InlineData(65_536)]
    [InlineData(262_144)]
    public async Task SendAsync_MessageOfSize_ArrivesIntactBothWays(int size)
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        var payload = RandomNumberGenerator.GetBytes(size);

        await pair.Client.SendAsync(3, Binary, false, payload, CancellationToken.None);
        await pair.Server.SendAsync(4, Binary, false, payload, CancellationToken.None);

        var atServer = Assert.Single(await pair.ServerMessages.WaitForAsync(1));
        var atClient = Assert.Single(await pair.ClientMessages.WaitForAsync(1));
        Assert.Equal(payload, atServer.Payload);
        Assert.Equal((ushort)3, atServer.StreamId);
        Assert.Equal(Binary, atServer.Ppid);
        Assert.Equal(payload, atClient.Payload);
        Assert.Equal(0, pair.ClientToServer.Oversized + pair.ServerToClient.Oversized);
    }

    [Fact]
    public async Task SendAsync_LargerThanMaxMessageSize_ThrowsClearErrorAndLosesNothing()
    {
        await using var pair = await AssociationPair.ConnectedAsync(AssociationPair.FastOptions with { MaxMessageSize = 1000 });

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await pair.Client.SendAsync(0, Binary, false, new byte[1001], CancellationToken.None));

        Assert.Contains("max-message-size of 1000 bytes", error.Message);
        await pair.Client.SendAsync(0, Binary, false, new byte[1000], CancellationToken.None);
        Assert.Equal(1000, Assert.Single(await pair.ServerMessages.WaitForAsync(1)).Payload.Length);
    }

    [Fact]
    public async Task SendAsync_EmptyPayload_IsRejectedBecauseSctpCannotCarryIt()
    {
        await using var pair = await AssociationPair.ConnectedAsync();

        await Assert.ThrowsAsync<ArgumentException>(async () => await pair.Client.SendAsync(0, Binary, false, ReadOnlyMemory<byte>.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task ReceivedMessage_LargerThanOurMaxReceiveMessageSize_AbortsTheAssociation()
    {
        await using var pair = await AssociationPair.ConnectedAsync(
            client: AssociationPair.FastOptions with { MaxMessageSize = 10_000 },
            server: AssociationPair.FastOptions with { MaxReceiveMessageSize = 5_000 });
        var closed = new TaskCompletionSource<string>();
        pair.Server.Closed += r => closed.TrySetResult(r);

        await pair.Client.SendAsync(0, Binary, false, new byte[6_000], CancellationToken.None);

        Assert.Contains("max-message-size", await closed.Task.WaitAsync(AssociationPair.Patience));
        Assert.Equal(0, pair.ServerMessages.Count);
    }

    [Fact]
    public async Task SendAsync_TenThousandMessages_ArriveInOrder()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        for (var i = 0; i < 10_000; i++)
        {
            var payload = new byte[4 + (i % 300)];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            await pair.Client.SendAsync(0, Binary, false, payload, CancellationToken.None);
        }

        var received = await pair.ServerMessages.WaitForAsync(10_000);

        Assert.Equal(10_000, received.Count);
        for (var i = 0; i < received.Count; i++)
        {
            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(received[i].Payload));
            Assert.Equal(4 + (i % 300), received[i].Payload.Length);
        }
    }

    [Fact]
    public async Task SendAsync_ManyStreamsInterleaved_EachStreamKeepsItsOrder()
    {
        await using var pair = await AssociationPair.ConnectedAsync(toServer: new LinkConditions(Reordering: 0.2, Duplication: 0.05, Seed: 3));
        for (var i = 0; i < 3000; i++)
        {
            var payload = new byte[8 + (i % 2000)];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            await pair.Client.SendAsync((ushort)(i % 5), Binary, false, payload, CancellationToken.None);
        }

        var received = await pair.ServerMessages.WaitForAsync(3000);

        foreach (var stream in received.GroupBy(m => m.StreamId))
        {
            var sequence = stream.Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Payload)).ToList();
            Assert.Equal(sequence.Order(), sequence);
            Assert.All(sequence, i => Assert.Equal(stream.Key, i % 5));
        }

        Assert.Equal(3000, received.Count);
    }

    [Fact]
    public async Task Unordered_EarlierMessageLost_LaterMessageIsDeliveredFirst()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        DropFirstDataPacket(pair.ClientToServer);

        await pair.Client.SendAsync(0, Binary, unordered: true, "first"u8.ToArray(), CancellationToken.None);
        await pair.Client.SendAsync(0, Binary, unordered: true, "second"u8.ToArray(), CancellationToken.None);
        var received = await pair.ServerMessages.WaitForAsync(2);

        Assert.Equal("second"u8.ToArray(), received[0].Payload);
        Assert.Equal("first"u8.ToArray(), received[1].Payload);
    }

    [Fact]
    public async Task Ordered_EarlierMessageLost_LaterMessageWaitsForIt()
    {
        await using var pair = await AssociationPair.ConnectedAsync();
        DropFirstDataPacket(pair.ClientToServer);

        await pair.Client.SendAsync(0, Binary, unordered: false, "first"u8.ToArray(), CancellationToken.None);
        await pair.Client.SendAsync(0, Binary, unordered: false, "second"u8.ToArray(), CancellationToken.None);
        var received = await pair.ServerMessages.WaitForAsync(2);

        Assert.Equal("first"u8.ToArray(), received[0].Payload);
        Assert.Equal("second"u8.ToArray(), received[1].Payload);
    }

    [Fact]
    public async Task Fragmentation_LargeMessagesOverReorderingDuplicatingLink_ReassembleExactly()
    {
        var messy = new LinkConditions(Reordering: 0.3, Duplication: 0.1, Seed: 11);
        await using var pair = await AssociationPair.ConnectedAsync(toServer: messy, toClient: messy with { Seed = 12 });
        var sent = Enumerable.Range(0, 12).Select(i => RandomNumberGenerator.GetBytes(1 + (i * 21_845))).ToList();
        foreach (var message in sent)
        {
            await pair.Client.SendAsync(2, Binary, false, message, CancellationToken.None);
        }

        var received = await pair.ServerMessages.WaitForAsync(sent.Count);

        Assert.Equal(sent, received.Select(m => m.Payload).ToList());
    }

    [Fact]
    public async Task TenMebibytes_ThroughLossyReorderingDuplicatingLink_ArriveIntact()
    {
        var hostile = new LinkConditions(Loss: 0.05, Duplication: 0.02, Reordering: 0.05, Seed: 42);
        await using var pair = await AssociationPair.ConnectedAsync(toServer: hostile, toClient: hostile with { Seed = 43 });
        var data = RandomNumberGenerator.GetBytes(10 * 1024 * 1024);
        const int chunk = 64 * 1024;
        var sending = Task.Run(async () =>
        {
            for (var offset = 0; offset < data.Length; offset += chunk)
            {
                await pair.Client.SendAsync(1, Binary, false, data.AsMemory(offset, chunk), CancellationToken.None);
            }
        });

        var received = await pair.ServerMessages.WaitForAsync(data.Length / chunk, TimeSpan.FromMinutes(3));
        await sending;

        Assert.Equal(SHA256.HashData(data), SHA256.HashData(received.SelectMany(m => m.Payload).ToArray()));
    }

    [Fact]
    public async Task Backpressure_SlowReader_SenderNeverOverrunsTheReceiveWindow()
    {
        var options = AssociationPair.FastOptions with { ReceiveBufferSize = 256 * 1024, SendBufferSize = 512 * 1024 };
        await using var pair = await AssociationPair.ConnectedAsync(options);
        using var readerGate = new ManualResetEventSlim(false);
        pair.Server.MessageReceived += _ => readerGate.Wait(AssociationPair.Patience);
        var payloads = Enumerable.Range(0, 32).Select(_ => RandomNumberGenerator.GetBytes(64 * 1024)).ToList();

        var sending = Task.Run(async () =>
        {
            foreach (var payload in payloads)
            {
                await pair.Client.SendAsync(0, Binary, false, payload, CancellationToken.None);
            }
        });

        // The reader is stuck on the first message: the window fills, then data piles up at the sender.
        using (var cts = new CancellationTokenSource(AssociationPair.Patience))
        {
            while (pair.Client.BufferedAmount < options.SendBufferSize / 2 || pair.Server.ReceiveBufferedAmount < options.ReceiveBufferSize - (64 * 1024))
            {
                await Task.Delay(10, cts.Token);
            }
        }

        Assert.False(sending.IsCompleted, "SendAsync should wait while the send buffer is over its limit");
        Assert.True(pair.Client.GetBufferedAmount(0) > 0);
        readerGate.Set();
        await sending.WaitAsync(AssociationPair.Patience);
        var received = await pair.ServerMessages.WaitForAsync(payloads.Count);

        Assert.Equal(payloads, received.Select(m => m.Payload).ToList());
        Assert.InRange(pair.Server.PeakReceiveBufferedAmount, 1, options.ReceiveBufferSize + options.MaxPacketSize);
        Assert.Equal(0, pair.Client.BufferedAmount);
    }

    [Fact]
    public async Task ZeroWindow_ReaderStalledLongerThanTheRetransmissionLimit_AssociationSurvivesAndDelivers()
    {
        // On a fake clock stepped only when no packet is in flight: the probes counted are the timer's, not the machine's.
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var options = AssociationPair.FastOptions with
        {
            ReceiveBufferSize = 64 * 1024,
            RtoInitial = TimeSpan.FromMilliseconds(10),
            RtoMin = TimeSpan.FromMilliseconds(10),
            RtoMax = TimeSpan.FromMilliseconds(20),
            MaxRetransmissions = 3,
            DelayedAckTimeout = TimeSpan.FromMilliseconds(2),
        };
        var step = TimeSpan.FromMilliseconds(1);
        await using var pair = AssociationPair.Create(options, time: time);
        await pair.ConnectAsync();
        using var readerGate = new ManualResetEventSlim(false);
        pair.Server.MessageReceived += _ => readerGate.Wait(AssociationPair.Patience);
        var dataPackets = 0;
        pair.ClientToServer.Tap = p => { if (PacketInspector.Contains(p, SctpChunkType.Data)) { Interlocked.Increment(ref dataPackets); } };

        for (var i = 0; i < 8; i++)
        {
            await pair.Client.SendAsync(0, Binary, false, new byte[32 * 1024], CancellationToken.None);
        }

        // The window is shut; then many more probe retransmissions than Association.Max.Retrans allows.
        await pair.AdvanceUntilAsync(() => pair.Server.ReceiveBufferedAmount >= options.ReceiveBufferSize - options.MaxPacketSize, step, TimeSpan.FromSeconds(5));
        var stalledAt = Volatile.Read(ref dataPackets);
        await pair.AdvanceUntilAsync(() => Volatile.Read(ref dataPackets) > stalledAt + (4 * options.MaxRetransmissions) || pair.Client.State == SctpAssociationState.Terminated, step, TimeSpan.FromSeconds(5));

        Assert.Equal(SctpAssociationState.Established, pair.Client.State);
        Assert.Equal(1, pair.ServerMessages.Count); // the reader is stuck on the first message
        readerGate.Set();
        await pair.AdvanceUntilAsync(() => pair.ServerMessages.Count == 8, step, TimeSpan.FromSeconds(5));
    }

    private static void DropFirstDataPacket(DatagramLink link)
    {
        var dropped = 0;
        link.Filter = p => !PacketInspector.Contains(p, SctpChunkType.Data) || Interlocked.Exchange(ref dropped, 1) == 1;
    }
}
