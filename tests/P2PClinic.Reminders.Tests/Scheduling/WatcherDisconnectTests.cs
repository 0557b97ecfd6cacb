extern alias RemindersPlugin;
using P2PClinic.Reminders.Tests.Fakes;
using static P2PClinic.Reminders.Tests.Fakes.SchedulerHarness;

namespace P2PClinic.Reminders.Tests.Scheduling;

/// <summary>
/// A watcher that goes away before its stream carried a firing: the firing must not count as delivered, or no
/// frontend ever shows it.
/// </summary>
public sealed class WatcherDisconnectTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task AFiringTheOnlyWatcherNeverSentWaitsForTheNextWatcher()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        var gone = await h.WatchAsync(org.OrgId);
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        gone.Dispose();
        await h.IdleAsync();
        using var next = await h.WatchAsync(org.OrgId);
        await h.IdleAsync();

        var notice = Assert.Single(Received(next));
        Assert.Equal("Review", notice.Planned.Occurrence.Title);
        Assert.False(notice.Redelivered);
    }

    [Fact]
    public async Task AFiringWhoseWriteFailedWhenTheWatcherWentAwayWaitsForTheNextWatcher()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        var gone = await h.WatchAsync(org.OrgId);
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        // The stream took it from the queue, then the client disconnected before the write completed.
        Assert.True(gone.Notices.TryRead(out var inFlight));
        gone.Sending(inFlight);
        gone.Dispose();
        await h.IdleAsync();
        using var next = await h.WatchAsync(org.OrgId);
        await h.IdleAsync();

        Assert.Equal(inFlight.Planned.Key, Assert.Single(Received(next)).Planned.Key);
    }

    [Fact]
    public async Task AFiringTheStreamWroteIsNotSentAgainToALaterWatcher()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        var gone = await h.WatchAsync(org.OrgId);
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        Assert.True(gone.Notices.TryRead(out var written));
        gone.Sending(written);
        gone.Sent();
        gone.Dispose();
        await h.IdleAsync();
        using var next = await h.WatchAsync(org.OrgId);
        await h.IdleAsync();

        Assert.Empty(Received(next));
    }

    [Fact]
    public async Task AWatcherLeavingWhileItsFiringComesDueDoesNotSwallowTheFiring()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        var gone = await h.WatchAsync(org.OrgId);

        // The timer fires and the watcher leaves at once: whichever the scheduler handles first, the firing must
        // not be recorded as delivered to a watcher that never had it.
        h.Time.Advance(TimeSpan.FromMinutes(20));
        gone.Dispose();
        await h.IdleAsync();
        using var next = await h.WatchAsync(org.OrgId);
        await h.IdleAsync();

        Assert.Single(Received(next));
    }

    [Fact]
    public async Task AFiringAnotherWatcherOfTheOrgHoldsIsNotSentAgain()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        var gone = await h.WatchAsync(org.OrgId);
        using var stays = await h.WatchAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        gone.Dispose();
        await h.IdleAsync();
        using var next = await h.WatchAsync(org.OrgId);
        await h.IdleAsync();

        Assert.Single(Received(stays));
        Assert.Empty(Received(next));
    }
}
