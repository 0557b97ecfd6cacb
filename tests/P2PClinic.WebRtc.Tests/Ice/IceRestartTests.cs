using System.Collections.Concurrent;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Tests.Ice;

/// <summary>ICE restart (RFC 8445 section 9) on real loopback sockets and the settled fake clock (<see cref="IceClock"/>).</summary>
public class IceRestartTests
{
    private static readonly TimeSpan ConnectLimit = new IceAgentOptions().ConnectTimeout;

    private static async Task<(IceAgent A, IceAgent B)> ConnectedPairAsync(IceClock clock, ConcurrentQueue<byte>? receivedByB = null)
    {
        var a = clock.Agent(new IceAgentOptions(), controlling: true);
        var b = clock.Agent(new IceAgentOptions(), controlling: false);
        if (receivedByB is not null)
        {
            b.DataReceived = datagram => receivedByB.Enqueue(datagram[1]);
        }

        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        Exchange(a, b);
        a.StartChecks();
        b.StartChecks();
        await clock.AdvanceUntilAsync(() => a.SelectedPair is not null && b.SelectedPair is not null, ConnectLimit);
        return (a, b);
    }

    /// <summary>What the signaling path carries in an offer and its answer: credentials and candidates, both ways.</summary>
    private static void Exchange(IceAgent a, IceAgent b)
    {
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        foreach (var candidate in b.LocalCandidates)
        {
            a.AddRemoteCandidate(candidate);
        }

        foreach (var candidate in a.LocalCandidates)
        {
            b.AddRemoteCandidate(candidate);
        }
    }

    /// <summary>A datagram the agent hands to its data path (first byte 23: a DTLS record, RFC 7983) numbered <paramref name="n"/>.</summary>
    private static byte[] Numbered(byte n) => [23, n, 0, 0];

    [Fact]
    public async Task RestartAsync_BothSidesRestart_NewCredentialsAndANewPairWhileDataKeepsFlowingInOrder()
    {
        await using var clock = new IceClock();
        var received = new ConcurrentQueue<byte>();
        var (a, b) = await ConnectedPairAsync(clock, received);
        var (oldUfragA, oldPasswordA, oldUfragB) = (a.LocalUfrag, a.LocalPassword, b.LocalUfrag);
        var (oldPairA, oldPairB) = (a.SelectedPair, b.SelectedPair);
        a.Send(Numbered(1));
        await clock.SettleAsync();

        // The offerer restarts, the answerer restarts on seeing new credentials; the old pair still carries data.
        await a.RestartAsync(CancellationToken.None);
        await b.RestartAsync(CancellationToken.None);
        Assert.True(a.IsRestarting);
        Assert.Same(oldPairA, a.SelectedPair);
        a.Send(Numbered(2));
        await clock.SettleAsync();

        Exchange(a, b);
        a.StartChecks();
        b.StartChecks();
        await clock.AdvanceUntilAsync(() => !a.IsRestarting && !b.IsRestarting, ConnectLimit);
        a.Send(Numbered(3));
        await clock.SettleAsync();

        Assert.NotEqual(oldUfragA, a.LocalUfrag);
        Assert.NotEqual(oldPasswordA, a.LocalPassword);
        Assert.NotEqual(oldUfragB, b.LocalUfrag);
        Assert.NotSame(oldPairA, a.SelectedPair);
        Assert.NotSame(oldPairB, b.SelectedPair);
        Assert.Equal(IceConnectionState.Connected, a.State);
        Assert.Equal(IceConnectionState.Connected, b.State);
        Assert.Equal([1, 2, 3], received.ToArray());

        // The new session's consent holds: well past the consent timeout, both are still connected.
        await clock.AdvanceAsync(new IceAgentOptions().ConsentTimeout + TimeSpan.FromSeconds(2));
        Assert.Equal(IceConnectionState.Connected, a.State);
        Assert.Equal(IceConnectionState.Connected, b.State);
    }

    [Fact]
    public async Task RestartAsync_PeerNeverAnswers_FailsAfterTheConnectTimeoutNotBefore()
    {
        await using var clock = new IceClock();
        var (a, _) = await ConnectedPairAsync(clock);
        DateTimeOffset? failedAt = null;
        a.StateChanged += s =>
        {
            if (s == IceConnectionState.Failed)
            {
                failedAt ??= clock.Now;
            }
        };

        var options = new IceAgentOptions();
        var restartedAt = clock.Now;
        await a.RestartAsync(CancellationToken.None);
        await clock.AdvanceUntilAsync(() => failedAt is not null, options.ConnectTimeout + TimeSpan.FromSeconds(2));
        Assert.InRange(failedAt!.Value - restartedAt, options.ConnectTimeout, options.ConnectTimeout + options.CheckInterval);
        await Assert.ThrowsAsync<InvalidOperationException>(() => a.RestartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RestartAsync_BeforeAnyPairWasSelected_IsRefusedAndTheAgentKeepsItsCredentials()
    {
        await using var clock = new IceClock();
        var agent = clock.Agent(new IceAgentOptions(), controlling: true);
        await agent.GatherAsync(CancellationToken.None);
        var ufrag = agent.LocalUfrag;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.RestartAsync(CancellationToken.None));
        Assert.Contains("selected pair", error.Message, StringComparison.Ordinal);
        Assert.Equal(ufrag, agent.LocalUfrag);
        Assert.False(agent.IsRestarting);
    }
}
