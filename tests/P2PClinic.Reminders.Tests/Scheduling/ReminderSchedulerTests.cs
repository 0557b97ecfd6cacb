extern alias RemindersPlugin;
using P2PClinic.Reminders.Tests.Fakes;
using static P2PClinic.Reminders.Tests.Fakes.SchedulerHarness;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Reminders.Tests.Scheduling;

/// <summary>The scheduler on a virtual clock: what fires when, once, to whom.</summary>
public sealed class ReminderSchedulerTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task LeadTimeReminder_FiresAtStartMinusLead_Once()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        var start = T0 + TimeSpan.FromHours(1);
        await h.Calendar.AddEventAsync(org, "standup", FakeCalendar.Single("standup", "Standup", start));
        var reminder = await h.LeadAsync(org, "standup", Quarter);
        using var watcher = await h.WatchAsync();

        await h.AdvanceToAsync(start - Quarter - TimeSpan.FromSeconds(1));
        Assert.Empty(Received(watcher));

        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        var notice = Assert.Single(Received(watcher));
        Assert.Equal(org.OrgId, notice.OrgId);
        Assert.Equal(reminder.Id, notice.Planned.Reminder.Id);
        Assert.Equal("Standup", notice.Planned.Occurrence.Title);
        Assert.Equal(start, notice.Planned.Occurrence.Start);
        Assert.Equal(start - Quarter, notice.Planned.DueAt);
        Assert.False(notice.Late);
        Assert.False(notice.Planned.Snoozed);

        await h.AdvanceAsync(TimeSpan.FromHours(3));
        Assert.Empty(Received(watcher));
    }

    [Fact]
    public async Task DueReminder_ReachesEveryConnectedWatcher_OnceEach()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        var start = T0 + TimeSpan.FromMinutes(30);
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", start));
        await h.LeadAsync(org, "e", Quarter);
        using var first = await h.WatchAsync(org.OrgId);
        using var second = await h.WatchAsync();

        await h.AdvanceAsync(TimeSpan.FromMinutes(20));

        Assert.Single(Received(first));
        Assert.Single(Received(second));
    }

    [Fact]
    public async Task WatcherOfEveryOrg_ReceivesTheFiringsOfEachOrg()
    {
        await using var h = await StartAsync();
        var clinic = h.AddOrg();
        var home = h.AddOrg();
        await h.Calendar.AddEventAsync(clinic, "a", FakeCalendar.Single("a", "Clinic", T0 + TimeSpan.FromMinutes(30)));
        await h.Calendar.AddEventAsync(home, "b", FakeCalendar.Single("b", "Home", T0 + TimeSpan.FromMinutes(40)));
        await h.LeadAsync(clinic, "a", Quarter);
        await h.LeadAsync(home, "b", Quarter);
        using var watcher = await h.WatchAsync();

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));

        Assert.Equal([(clinic.OrgId, "Clinic"), (home.OrgId, "Home")], Received(watcher).Select(n => (n.OrgId, n.Planned.Occurrence.Title)));
    }

    [Fact]
    public async Task WatcherOfAnotherOrg_ReceivesNothing_AndTheFiringWaitsForAWatcherOfItsOrg()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        var other = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        using var otherWatcher = await h.WatchAsync(other.OrgId);

        await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Empty(Received(otherWatcher));

        using var late = await h.WatchAsync(org.OrgId);
        await h.IdleAsync();
        var notice = Assert.Single(Received(late));
        Assert.False(notice.Late);
    }

    [Fact]
    public async Task FiringReceivedByOneWatcher_IsNotStreamedToALaterWatcher_UnlessItAsksForEverythingDue()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        using var first = await h.WatchAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Single(Received(first));

        using var plain = await h.WatchAsync();
        using var everything = await h.WatchAsync(includeDue: true);
        await h.IdleAsync();

        Assert.Empty(Received(plain));
        var again = Assert.Single(Received(everything));
        Assert.True(again.Redelivered);
    }

    [Fact]
    public async Task RecurringEvent_EachOccurrenceFires_InTurn()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "daily", FakeCalendar.Daily("daily", "Rounds", new DateOnly(2026, 3, 27), new TimeOnly(14, 0), "UTC", 5));
        await h.LeadAsync(org, "daily", Quarter);
        using var watcher = await h.WatchAsync();

        var fired = new List<DateTimeOffset>();
        for (var day = 0; day < 3; day++)
        {
            await h.AdvanceToAsync(new DateTimeOffset(2026, 3, 27 + day, 13, 45, 0, TimeSpan.Zero));
            fired.AddRange(Received(watcher).Select(n => n.Planned.Occurrence.Start));
        }

        Assert.Equal(
            [new DateTimeOffset(2026, 3, 27, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 28, 14, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 14, 0, 0, TimeSpan.Zero)],
            fired);
    }

    [Fact]
    public async Task LeadTime_AcrossTheSpringDaylightSavingChange_KeepsTheWallClock()
    {
        // 09:00 in Paris is 08:00Z before 29 March 2026 and 07:00Z from that day on.
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "daily", FakeCalendar.Daily("daily", "Clinic", new DateOnly(2026, 3, 28), new TimeOnly(9, 0), "Europe/Paris", 3));
        await h.LeadAsync(org, "daily", Quarter);
        using var watcher = await h.WatchAsync();

        await h.AdvanceToAsync(new DateTimeOffset(2026, 3, 30, 12, 0, 0, TimeSpan.Zero));

        var due = Received(watcher).Select(n => n.Planned.DueAt).ToList();
        Assert.Equal(
            [new DateTimeOffset(2026, 3, 28, 7, 45, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 29, 6, 45, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 30, 6, 45, 0, TimeSpan.Zero)],
            due);
    }

    [Fact]
    public async Task OneDayLead_AcrossTheSpringDaylightSavingChange_IsTheDayBeforeAtTheSameWallClock()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "daily", FakeCalendar.Daily("daily", "Clinic", new DateOnly(2026, 3, 29), new TimeOnly(9, 0), "Europe/Paris", 1));
        await h.LeadAsync(org, "daily", TimeSpan.FromDays(1));
        using var watcher = await h.WatchAsync();

        // 09:00 Paris on Saturday 28 March is 08:00Z: 23 real hours before Sunday's 09:00 (07:00Z).
        await h.AdvanceToAsync(new DateTimeOffset(2026, 3, 28, 7, 59, 59, TimeSpan.Zero));
        Assert.Empty(Received(watcher));
        await h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero), Assert.Single(Received(watcher)).Planned.DueAt);
    }

    [Fact]
    public async Task Snooze_FiresAgainAtTheSnoozeTime_MarkedSnoozed()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        var reminder = await h.LeadAsync(org, "e", Quarter);
        using var watcher = await h.WatchAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(15));
        Assert.Single(Received(watcher));

        var snoozed = await h.Reminders(org).SnoozeAsync(reminder.Id, "", h.Time.GetUtcNow() + TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.Single(snoozed);
        await h.IdleAsync();
        Assert.Empty(await h.Scheduler.ListDueAsync(org.OrgId, CancellationToken.None));

        await h.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Empty(Received(watcher));
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        var again = Assert.Single(Received(watcher));
        Assert.True(again.Planned.Snoozed);
        Assert.Equal(T0 + TimeSpan.FromMinutes(20), again.Planned.DueAt);
    }

    [Fact]
    public async Task Dismiss_RemovesTheOccurrenceFromWhatIsDue_AndADismissedFutureOccurrenceNeverFires()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        var days = FakeCalendar.Daily("daily", "Rounds", new DateOnly(2026, 3, 27), new TimeOnly(14, 0), "UTC", 3);
        await h.Calendar.AddEventAsync(org, "daily", days);
        var reminder = await h.LeadAsync(org, "daily", Quarter);
        using var watcher = await h.WatchAsync();
        await h.AdvanceToAsync(new DateTimeOffset(2026, 3, 27, 13, 45, 0, TimeSpan.Zero));
        Assert.Single(Received(watcher));
        Assert.Single(await h.Scheduler.ListDueAsync(org.OrgId, CancellationToken.None));

        Assert.Equal([days[0].OccurrenceId], await h.Reminders(org).DismissAsync(reminder.Id, "", CancellationToken.None));
        await h.Reminders(org).DismissAsync(reminder.Id, days[1].OccurrenceId, CancellationToken.None);
        await h.IdleAsync();
        Assert.Empty(await h.Scheduler.ListDueAsync(org.OrgId, CancellationToken.None));

        await h.AdvanceToAsync(new DateTimeOffset(2026, 3, 29, 13, 45, 0, TimeSpan.Zero));
        Assert.Equal([days[2].OccurrenceId], Received(watcher).Select(n => n.Planned.Occurrence.OccurrenceId));
    }

    [Fact]
    public async Task DeletingTheEvent_DeletesItsReminders_AndNothingFires()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "gone", FakeCalendar.Single("gone", "Cancelled", T0 + TimeSpan.FromMinutes(30)));
        await h.Calendar.AddEventAsync(org, "kept", FakeCalendar.Single("kept", "Kept", T0 + TimeSpan.FromMinutes(40)));
        var doomed = await h.LeadAsync(org, "gone", Quarter);
        var kept = await h.LeadAsync(org, "kept", Quarter);
        using var watcher = await h.WatchAsync();

        await FakeCalendar.DeleteEventAsync(org, "gone");
        await h.IdleAsync();

        Assert.Null(h.Reminders(org).Get(doomed.Id));
        Assert.NotNull(h.Reminders(org).Get(kept.Id));
        await h.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal([kept.Id], Received(watcher).Select(n => n.Planned.Reminder.Id));
    }

    [Fact]
    public async Task EventDeletedWhileTheNodeWasDown_ItsRemindersAreSweptAtStart()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "gone", FakeCalendar.Single("gone", "Cancelled", T0 + TimeSpan.FromMinutes(30)));
        await h.IdleAsync();
        var reminder = await h.LeadAsync(org, "gone", Quarter);
        await h.IdleAsync();
        await h.StopAsync();

        // The deletion arrives while no scheduler follows the document (a peer's update merged at start).
        await FakeCalendar.DeleteEventAsync(org, "gone");
        Assert.NotNull(h.Reminders(org).Get(reminder.Id));

        await h.StartSchedulerAsync();
        Assert.Null(h.Reminders(org).Get(reminder.Id));
    }

    [Fact]
    public async Task DismissalMergedFromAnotherDocument_StopsTheFiring()
    {
        await using var h = await StartAsync();
        var here = h.AddOrg();
        await h.Calendar.AddEventAsync(here, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.Calendar.AddEventAsync(here, "later", FakeCalendar.Single("later", "Sentinel", T0 + TimeSpan.FromMinutes(40)));
        var reminder = await h.LeadAsync(here, "e", Quarter);
        await h.LeadAsync(here, "later", Quarter);
        using var watcher = await h.WatchAsync();

        // The user's other device: the same document, where the occurrence is dismissed ahead of time.
        var device = new InMemoryOrgDocument(Guid.NewGuid(), FakeCalendar.EventsRoot, "reminders");
        await device.ApplyUpdateAsync(here.EncodeState());
        var occurrence = FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30))[0].OccurrenceId;
        await new RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.OrgReminders(device, h.Planner, h.Time).DismissAsync(reminder.Id, occurrence, CancellationToken.None);
        await here.ApplyUpdateAsync(device.EncodeState(here.EncodeStateVector()));
        await h.IdleAsync();

        await h.AdvanceAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(["later"], Received(watcher).Select(n => n.Planned.Reminder.EventId));
    }

    [Fact]
    public async Task ReminderMergedBeforeItsEvent_WaitsForTheEvent_ThenFires()
    {
        await using var h = await StartAsync();
        var here = h.AddOrg();
        await h.IdleAsync(); // opened (and swept) before anything merges
        var occurrences = FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30));

        // Peer C creates the event; peer D, having seen it, adds a reminder; D's own update reaches us first.
        var c = new InMemoryOrgDocument(Guid.NewGuid(), FakeCalendar.EventsRoot, "reminders");
        await h.Calendar.AddEventAsync(c, "e", occurrences);
        var d = new InMemoryOrgDocument(Guid.NewGuid(), FakeCalendar.EventsRoot, "reminders");
        await d.ApplyUpdateAsync(c.EncodeState());
        var reminder = await new RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.OrgReminders(d, h.Planner, h.Time).CreateAsync("e", Quarter, null, "", CancellationToken.None);
        await here.ApplyUpdateAsync(d.EncodeState(c.EncodeStateVector()));
        await h.IdleAsync();
        Assert.NotNull(h.Reminders(here).Get(reminder.Id));
        Assert.False(h.Calendar.Contains(here, "e"));

        using var watcher = await h.WatchAsync();
        await here.ApplyUpdateAsync(c.EncodeState(here.EncodeStateVector()));
        await h.AdvanceAsync(TimeSpan.FromMinutes(15));
        Assert.Equal([reminder.Id], Received(watcher).Select(n => n.Planned.Reminder.Id));
    }

    [Fact]
    public async Task ReminderCreatedAfterTheOccurrenceStarted_DoesNotFireForIt()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Already started", T0 - TimeSpan.FromMinutes(5)));
        await h.LeadAsync(org, "e", Quarter);
        using var watcher = await h.WatchAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Empty(Received(watcher));
        Assert.Empty(await h.Scheduler.ListDueAsync(org.OrgId, CancellationToken.None));
    }

    [Fact]
    public async Task ReminderWhoseDueTimePassedButEventIsAhead_FiresAtOnce()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Soon", T0 + TimeSpan.FromMinutes(5)));
        using var watcher = await h.WatchAsync();
        await h.LeadAsync(org, "e", Quarter);
        await h.IdleAsync();
        var notice = Assert.Single(Received(watcher));
        Assert.Equal(T0 - TimeSpan.FromMinutes(10), notice.Planned.DueAt);
        Assert.False(notice.Late);
    }
}
