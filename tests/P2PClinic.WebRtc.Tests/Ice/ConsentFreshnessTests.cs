using Microsoft.Extensions.Time.Testing;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Tests.Ice;

/// <summary>RFC 7675 consent freshness on a fake clock: real sockets, but every timer runs on <see cref="FakeTimeProvider"/>.</summary>
public class ConsentFreshnessTests
{
    [Fact]
    public async Task PeerThatVanishes_IsReportedFailedAfterTheConsentTimeoutAndWithinTenSeconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new IceAgentOptions { LoopbackOnly = true };
        await using var a = new IceAgent(options, controlling: true, clock);
        var b = new IceAgent(options, controlling: false, clock);
        await a.GatherAsync(CancellationToken.None);
        await b.GatherAsync(CancellationToken.None);
        a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
        b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);

        DateTimeOffset? disconnectedAt = null, failedAt = null;
        a.StateChanged += s =>
        {
            if (s == IceConnectionState.Disconnected)
            {
                disconnectedAt ??= clock.GetUtcNow();
            }
            else if (s == IceConnectionState.Failed)
            {
                failedAt ??= clock.GetUtcNow();
            }
        };

        a.StartChecks();
        b.StartChecks();
        await AdvanceUntilAsync(clock, () => a.SelectedPair is not null && b.SelectedPair is not null, TimeSpan.FromSeconds(10));

        // Stay connected for a while: consent checks are answered.
        await AdvanceUntilAsync(clock, () => false, TimeSpan.FromSeconds(5));
        Assert.Equal(IceConnectionState.Connected, a.State);

        await b.DisposeAsync();
        var vanishedAt = clock.GetUtcNow();
        await AdvanceUntilAsync(clock, () => failedAt is not null, TimeSpan.FromSeconds(15));

        Assert.NotNull(disconnectedAt);
        Assert.InRange(disconnectedAt!.Value - vanishedAt, options.DisconnectedTimeout - options.ConsentInterval, options.ConsentTimeout);
        Assert.InRange(failedAt!.Value - vanishedAt, options.ConsentTimeout - (options.ConsentInterval * 1.2), TimeSpan.FromSeconds(10));
    }

    /// <summary>Moves the fake clock in Ta-sized steps, letting the agents' loops (real threads) catch up after each.</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done, TimeSpan limit)
    {
        var step = TimeSpan.FromMilliseconds(50);
        for (var elapsed = TimeSpan.Zero; elapsed < limit && !done(); elapsed += step)
        {
            clock.Advance(step);
            await Task.Delay(5);
        }
    }
}
