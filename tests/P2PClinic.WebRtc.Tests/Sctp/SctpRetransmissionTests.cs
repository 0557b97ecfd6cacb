using Microsoft.Extensions.Time.Testing;
using P2PClinic.Testing;
using P2PClinic.WebRtc.Sctp;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

public sealed class SctpRetransmissionTests
{
    [Fact]
    public async Task T3Expiry_PeerSilent_RtoDoublesEachTimeAndAssociationFailsAfterMaxRetransmissions()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var options = new SctpAssociationOptions
        {
            RtoInitial = TimeSpan.FromSeconds(1),
            RtoMin = TimeSpan.FromSeconds(1),
            RtoMax = TimeSpan.FromSeconds(10),
            MaxRetransmissions = 5,
        };
        await using var pair = AssociationPair.Create(options, time: time);
        await pair.ConnectAsync();
        var dataPackets = 0;
        pair.ClientToServer.Tap = p => { if (PacketInspector.Contains(p, SctpChunkType.Data)) { Interlocked.Increment(ref dataPackets); } };
        var closed = new TaskCompletionSource<string>();
        pair.Client.Closed += r => closed.TrySetResult(r);
        pair.ClientToServer.Conditions = LinkConditions.Severed;

        await pair.Client.SendAsync(0, 53, false, new byte[100], CancellationToken.None);
        await Eventually.WaitUntilAsync(() => Volatile.Read(ref dataPackets) == 1);

        // RFC 9260 section 6.3.3: each expiry doubles the RTO (capped at RTO.Max) and resends.
        var expected = new[] { 2, 4, 8, 10, 10 };
        for (var i = 0; i < expected.Length; i++)
        {
            time.Advance(pair.Client.CurrentRto);
            var sent = i + 2;
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref dataPackets) == sent);
            Assert.Equal(TimeSpan.FromSeconds(expected[i]), pair.Client.CurrentRto);
            Assert.Equal(SctpAssociationState.Established, pair.Client.State);
        }

        // The sixth consecutive expiry exceeds Association.Max.Retrans (5).
        time.Advance(pair.Client.CurrentRto);
        var reason = await closed.Task.WaitAsync(AssociationPair.Patience);

        Assert.Contains("retransmission limit", reason);
        Assert.Equal(SctpAssociationState.Terminated, pair.Client.State);
        await Assert.ThrowsAsync<SctpAssociationClosedException>(async () => await pair.Client.SendAsync(0, 53, false, new byte[1], CancellationToken.None));
    }

    [Fact]
    public async Task T3Expiry_LinkComesBack_DataIsDeliveredAndErrorCountResets()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var options = new SctpAssociationOptions { RtoInitial = TimeSpan.FromSeconds(1), RtoMin = TimeSpan.FromSeconds(1), MaxRetransmissions = 3 };
        await using var pair = AssociationPair.Create(options, time: time);
        await pair.ConnectAsync();
        pair.ClientToServer.Conditions = LinkConditions.Severed;

        for (var round = 0; round < 3; round++)
        {
            // Two silent expiries per round, then the link returns: never more than 3 in a row.
            var dataPackets = 0;
            pair.ClientToServer.Tap = p => { if (PacketInspector.Contains(p, SctpChunkType.Data)) { Interlocked.Increment(ref dataPackets); } };
            await pair.Client.SendAsync(0, 53, false, new[] { (byte)round }, CancellationToken.None);
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref dataPackets) >= 1);
            time.Advance(pair.Client.CurrentRto);
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref dataPackets) >= 2);
            time.Advance(pair.Client.CurrentRto);
            await Eventually.WaitUntilAsync(() => Volatile.Read(ref dataPackets) >= 3);
            pair.ClientToServer.Conditions = LinkConditions.Perfect;
            time.Advance(pair.Client.CurrentRto);
            await pair.ServerMessages.WaitForAsync(round + 1);

            // The SACK may be delayed: let the delayed-ack timer run.
            time.Advance(options.DelayedAckTimeout);
            await Eventually.WaitUntilAsync(() => pair.Client.BufferedAmount == 0);
            pair.ClientToServer.Conditions = LinkConditions.Severed;
        }

        Assert.Equal(SctpAssociationState.Established, pair.Client.State);
        Assert.Equal([0, 1, 2], pair.ServerMessages.Messages.Select(m => (int)m.Payload[0]));
    }

    [Fact]
    public async Task FastRetransmit_OneLostPacketAmongMany_IsRecoveredWithoutWaitingForTheTimer()
    {
        // With a 60 s RTO, only fast retransmit (RFC 9260 section 7.2.4) can recover in the test's patience.
        var options = AssociationPair.FastOptions with { RtoInitial = TimeSpan.FromSeconds(60), RtoMin = TimeSpan.FromSeconds(60), RtoMax = TimeSpan.FromSeconds(60) };
        await using var pair = await AssociationPair.ConnectedAsync(options);
        var dataPackets = 0;
        pair.ClientToServer.Filter = p => !PacketInspector.Contains(p, SctpChunkType.Data) || Interlocked.Increment(ref dataPackets) != 2;

        for (var i = 0; i < 20; i++)
        {
            await pair.Client.SendAsync(0, 53, false, new byte[1000], CancellationToken.None);
        }

        Assert.Equal(20, (await pair.ServerMessages.WaitForAsync(20, TimeSpan.FromSeconds(30))).Count);
    }
}
