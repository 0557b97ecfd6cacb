using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Tests.Ice;

/// <summary>RFC 7675 consent freshness on a fake clock: real sockets, but every timer runs on the settled <see cref="IceClock"/>.</summary>
public class ConsentFreshnessTests
{
    [Fact]
    public async Task PeerThatVanishes_IsReportedFailedAfterTheConsentTimeoutAndWithinTenSeconds()
    {
        await using var clock = new IceClock();
        var options = new IceAgentOptions();
        var a = clock.Agent(options, controlling: true);
        var b = clock.Agent(options, controlling: false);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);

        // Written by the event loop; the clock settles (delivers every event) before each step, so the time is the step's.
        DateTimeOffset? disconnectedAt = null, failedAt = null;
        a.StateChanged += s =>
        {
            if (s == IceConnectionState.Disconnected)
            {
                disconnectedAt ??= clock.Now;
            }
            else if (s == IceConnectionState.Failed)
            {
                failedAt ??= clock.Now;
            }
        };

        a.StartChecks();
        b.StartChecks();
        await clock.AdvanceUntilAsync(() => a.SelectedPair is not null && b.SelectedPair is not null, TimeSpan.FromSeconds(10));

        // Stay connected for longer than the consent timeout: consent checks are answered, nothing is reported.
        await clock.AdvanceAsync(options.ConsentTimeout + TimeSpan.FromSeconds(2));
        Assert.Equal(IceConnectionState.Connected, a.State);
        Assert.Null(disconnectedAt);

        await clock.RemoveAsync(b);
        var vanishedAt = clock.Now;
        await clock.AdvanceUntilAsync(() => failedAt is not null, TimeSpan.FromSeconds(15));

        // The last answered consent check went out at most 1.2 intervals (the jitter) before the peer vanished;
        // the verdicts come on the first tick (Ta) after the timeouts, counted from that answer.
        var ta = options.CheckInterval;
        var lastAnswerAtMost = options.ConsentInterval * 1.2;
        Assert.NotNull(disconnectedAt);
        Assert.InRange(disconnectedAt!.Value - vanishedAt, options.DisconnectedTimeout - lastAnswerAtMost, options.DisconnectedTimeout + ta);
        Assert.InRange(failedAt!.Value - vanishedAt, options.ConsentTimeout - lastAnswerAtMost, options.ConsentTimeout + ta);
        Assert.True(failedAt.Value - vanishedAt <= TimeSpan.FromSeconds(10), "a vanished peer must be reported within ten seconds");
    }
}
