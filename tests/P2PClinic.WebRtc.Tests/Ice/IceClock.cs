using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Tests.Ice;

/// <summary>
/// ICE agents on real loopback sockets whose every timer runs on one <see cref="FakeTimeProvider"/>. The clock moves
/// one check interval (Ta) at a time, and only once the agents are idle: every datagram sent between them handled,
/// every due tick run, every state event delivered. What a test sees then depends on the clock alone, not on how
/// fast a loaded machine ran the agents' threads; and "nothing happened" is proved by a settled clock, not a sleep.
/// </summary>
internal sealed class IceClock : IAsyncDisposable
{
    /// <summary>How long settling may take in real time before the test fails with what the agents did.</summary>
    private static readonly TimeSpan SettlePatience = TimeSpan.FromSeconds(30);

    private readonly List<Member> members = [];

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-25T00:00:00Z", CultureInfo.InvariantCulture));

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>A new agent on this clock, loopback only; the clock waits for it between steps until it is removed.</summary>
    public IceAgent Agent(IceAgentOptions options, bool controlling)
    {
        var loopback = options with { LoopbackOnly = true };
        var agent = new IceAgent(loopback, controlling, Time);
        if (members.Count > 0 && members[0].Options.CheckInterval != loopback.CheckInterval)
        {
            throw new ArgumentException("Agents on one clock need the same check interval: the clock steps by it.", nameof(options));
        }

        members.Add(new Member(agent, loopback, agent.Activity));
        return agent;
    }

    /// <summary>
    /// Waits until <paramref name="target"/> handled <paramref name="count"/> more datagrams from outside (an attacker's
    /// socket) and forgets them and whatever it answered to them. Only while the agents exchange nothing themselves.
    /// </summary>
    public async Task AbsorbForeignDatagramsAsync(IceAgent target, int count)
    {
        var expected = members.Single(m => m.Agent == target).Baseline.DatagramsHandled + count;
        using var patience = new CancellationTokenSource(SettlePatience);
        while (target.Activity.DatagramsHandled < expected)
        {
            try
            {
                await Task.Delay(1, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The agent handled {target.Activity.DatagramsHandled} datagrams, not {expected}, within {SettlePatience} (lost on the socket?): {Describe()}");
            }
        }

        Rebase();
    }

    /// <summary>Settles, then closes the agent and stops waiting for it (its peers' datagrams to it are lost from now on).</summary>
    public async Task RemoveAsync(IceAgent agent)
    {
        await SettleAsync();
        members.RemoveAll(m => m.Agent == agent);
        await agent.DisposeAsync();
        Rebase();
    }

    /// <summary>Waits in real time until the agents are idle (see the class summary); fails with their counts if they never are.</summary>
    public async Task SettleAsync()
    {
        using var patience = new CancellationTokenSource(SettlePatience);
        while (!IsSettled())
        {
            try
            {
                await Task.Delay(1, patience.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The ICE agents did not settle at {Now:O} within {SettlePatience}: {Describe()}");
            }
        }
    }

    /// <summary>Moves the clock by <paramref name="duration"/>, one settled step of Ta at a time.</summary>
    public async Task AdvanceAsync(TimeSpan duration) => await AdvanceUntilAsync(() => false, duration, failIfNotDone: false);

    /// <summary>
    /// Settles and checks <paramref name="done"/>; while false, steps the clock by Ta, at most <paramref name="limit"/> in
    /// all, then fails saying how far it got.
    /// </summary>
    public Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit) => AdvanceUntilAsync(done, limit, failIfNotDone: true);

    public async ValueTask DisposeAsync()
    {
        foreach (var member in members)
        {
            await member.Agent.DisposeAsync();
        }

        members.Clear();
    }

    private async Task AdvanceUntilAsync(Func<bool> done, TimeSpan limit, bool failIfNotDone)
    {
        var step = members.Count > 0 ? members[0].Options.CheckInterval : TimeSpan.FromMilliseconds(50);
        var steps = (long)Math.Ceiling(limit / step);
        for (var i = 0; i < steps; i++)
        {
            await SettleAsync();
            if (done())
            {
                return;
            }

            Time.Advance(step);
        }

        await SettleAsync();
        if (failIfNotDone && !done())
        {
            throw new TimeoutException($"Not done after {limit} on the fake clock ({steps} steps of {step}): {Describe()}");
        }
    }

    private bool IsSettled()
    {
        long sent = 0, handled = 0;
        foreach (var member in members)
        {
            var now = member.Agent.Activity;
            if (now.EventsPending != 0 || now.TicksHandled != TicksDue(member, now))
            {
                return false;
            }

            sent += now.DatagramsSent - member.Baseline.DatagramsSent;
            handled += now.DatagramsHandled - member.Baseline.DatagramsHandled;
        }

        // One agent alone talks to nobody the clock knows (a silent server, a closed peer): its ticks are all there is.
        return members.Count < 2 || sent == handled;
    }

    private long TicksDue(Member member, IceAgentActivity activity)
        => activity.TicksSince is { } since ? (long)((Now - since) / member.Options.CheckInterval) : 0;

    private void Rebase()
    {
        for (var i = 0; i < members.Count; i++)
        {
            members[i] = members[i] with { Baseline = members[i].Agent.Activity };
        }
    }

    private string Describe()
        => string.Join("; ", members.Select((m, i) => $"agent {i}: {m.Agent.State}, {m.Agent.Activity} (ticks due {TicksDue(m, m.Agent.Activity)}, baseline {m.Baseline})"))
;

    private sealed record Member(IceAgent Agent, IceAgentOptions Options, IceAgentActivity Baseline);
}
