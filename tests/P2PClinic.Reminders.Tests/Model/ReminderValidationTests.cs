extern alias RemindersPlugin;
using P2PClinic.Reminders.Tests.Fakes;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Model;
using static P2PClinic.Reminders.Tests.Fakes.SchedulerHarness;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Reminders.Tests.Model;

/// <summary>Bad input to the reminder operations: a typed error naming the field, and nothing stored.</summary>
public sealed class ReminderValidationTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = T0 + TimeSpan.FromHours(2);
    private SchedulerHarness _h = null!;
    private InMemoryOrgDocument _org = null!;

    private string OccurrenceId => FakeCalendar.Single("e", "Review", Start)[0].OccurrenceId;

    public async Task InitializeAsync()
    {
        _h = await StartAsync();
        _org = _h.AddOrg();
        await _h.Calendar.AddEventAsync(_org, "e", FakeCalendar.Single("e", "Review", Start));
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(-1, "lead_time", "negative")]
    [InlineData(28 * 24 * 3600 + 1, "lead_time", "longer than the limit of 28 days")]
    public async Task CreateAsync_LeadTimeOutOfRange_NamesLeadTime(int seconds, string field, string problem)
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", TimeSpan.FromSeconds(seconds), null, ""));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        AssertNothingStored();
    }

    [Fact]
    public async Task CreateAsync_LeadTimeOfExactlyTheLimitOrZero_IsAccepted()
    {
        Assert.NotNull(await Create("e", TimeSpan.FromDays(28), null, ""));
        Assert.NotNull(await Create("e", TimeSpan.Zero, null, ""));
    }

    [Fact]
    public async Task CreateAsync_FractionalSecondsLead_NamesLeadTime()
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", TimeSpan.FromMilliseconds(1500), null, ""));
        Assert.Equal("lead_time", e.Field);
    }

    [Fact]
    public async Task CreateAsync_NoTrigger_NamesLeadTime()
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", null, null, ""));
        Assert.Equal("lead_time", e.Field);
        AssertNothingStored();
    }

    [Fact]
    public async Task CreateAsync_LeadTimeWithAnOccurrenceId_NamesOccurrenceId()
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", TimeSpan.FromMinutes(5), null, OccurrenceId));
        Assert.Equal("occurrence_id", e.Field);
    }

    [Fact]
    public async Task CreateAsync_AbsoluteTimeWithoutOccurrenceId_NamesOccurrenceId()
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", null, Start - TimeSpan.FromMinutes(5), ""));
        Assert.Equal("occurrence_id", e.Field);
        AssertNothingStored();
    }

    [Theory]
    [InlineData("tomorrow", "is not an occurrence id")]
    [InlineData("20260327T150000Z", "is not an occurrence of event e")]
    [InlineData("20260327", "is not an occurrence of event e")]
    public async Task CreateAsync_AbsoluteTimeWithAnOccurrenceTheEventDoesNotHave_NamesOccurrenceId(string occurrenceId, string problem)
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", null, Start - TimeSpan.FromMinutes(5), occurrenceId));
        Assert.Equal("occurrence_id", e.Field);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        AssertNothingStored();
    }

    [Fact]
    public async Task CreateAsync_AbsoluteTimeLongPast_NamesAt()
    {
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => Create("e", null, T0 - TimeSpan.FromDays(8), OccurrenceId));
        Assert.Equal("at", e.Field);
    }

    [Fact]
    public async Task CreateAsync_AbsoluteTimeForItsOccurrence_IsStoredAndFiresThen()
    {
        var reminder = await Create("e", null, T0 + TimeSpan.FromMinutes(10), OccurrenceId);
        Assert.Equal(OccurrenceId, reminder.OccurrenceId);
        using var watcher = await _h.WatchAsync();
        await _h.AdvanceAsync(TimeSpan.FromMinutes(10));
        var notice = Assert.Single(Received(watcher));
        Assert.Equal(T0 + TimeSpan.FromMinutes(10), notice.Planned.DueAt);
        Assert.Equal(Start, notice.Planned.Occurrence.Start);
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-such-event")]
    public async Task CreateAsync_UnknownOrMissingEvent_IsRefused(string eventId)
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => Create(eventId, TimeSpan.FromMinutes(5), null, ""));
        Assert.True(e is ReminderNotFoundException or ReminderValidationException, e.GetType().Name);
        Assert.StartsWith("event_id: ", e.Message, StringComparison.Ordinal);
        AssertNothingStored();
    }

    [Fact]
    public async Task CreateAsync_MoreThanTheLimitPerEvent_IsAConflict()
    {
        for (var i = 0; i < ReminderLimits.MaxRemindersPerEvent; i++)
        {
            await Create("e", TimeSpan.FromMinutes(i), null, "");
        }

        await Assert.ThrowsAsync<ReminderConflictException>(() => Create("e", TimeSpan.FromMinutes(1), null, ""));
        Assert.Equal(ReminderLimits.MaxRemindersPerEvent, _h.Reminders(_org).All().Count);
    }

    [Fact]
    public async Task SnoozeAsync_UntilNow_NamesUntil()
    {
        var reminder = await Create("e", TimeSpan.FromHours(2), null, "");
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => _h.Reminders(_org).SnoozeAsync(reminder.Id, "", T0, CancellationToken.None));
        Assert.Equal("until", e.Field);
    }

    [Fact]
    public async Task SnoozeAsync_BeyondTheLimit_NamesUntil()
    {
        var reminder = await Create("e", TimeSpan.FromHours(2), null, "");
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => _h.Reminders(_org).SnoozeAsync(reminder.Id, OccurrenceId, T0 + TimeSpan.FromDays(29), CancellationToken.None));
        Assert.Equal("until", e.Field);
    }

    [Fact]
    public async Task SnoozeAsync_NothingDue_IsAConflict()
    {
        var reminder = await Create("e", TimeSpan.FromMinutes(5), null, "");
        await Assert.ThrowsAsync<ReminderConflictException>(() => _h.Reminders(_org).SnoozeAsync(reminder.Id, "", T0 + TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task SnoozeAsync_DismissedOccurrence_IsAConflict()
    {
        var reminder = await Create("e", TimeSpan.FromMinutes(5), null, "");
        await _h.Reminders(_org).DismissAsync(reminder.Id, OccurrenceId, CancellationToken.None);
        await Assert.ThrowsAsync<ReminderConflictException>(() => _h.Reminders(_org).SnoozeAsync(reminder.Id, OccurrenceId, T0 + TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public async Task DismissAsync_UnknownReminder_IsNotFound() =>
        await Assert.ThrowsAsync<ReminderNotFoundException>(() => _h.Reminders(_org).DismissAsync("nope", "", CancellationToken.None));

    [Fact]
    public async Task DismissAsync_OccurrenceOfAnotherEventTime_NamesOccurrenceId()
    {
        var reminder = await Create("e", TimeSpan.FromMinutes(5), null, "");
        var e = await Assert.ThrowsAsync<ReminderValidationException>(() => _h.Reminders(_org).DismissAsync(reminder.Id, "20260101T000000Z", CancellationToken.None));
        Assert.Equal("occurrence_id", e.Field);
    }

    [Fact]
    public async Task DismissAsync_NothingDue_IsAConflict()
    {
        var reminder = await Create("e", TimeSpan.FromMinutes(5), null, "");
        await Assert.ThrowsAsync<ReminderConflictException>(() => _h.Reminders(_org).DismissAsync(reminder.Id, "", CancellationToken.None));
    }

    [Fact]
    public async Task DismissAsync_Twice_IsHarmless()
    {
        var reminder = await Create("e", TimeSpan.FromMinutes(5), null, "");
        await _h.Reminders(_org).DismissAsync(reminder.Id, OccurrenceId, CancellationToken.None);
        await _h.Reminders(_org).DismissAsync(reminder.Id, OccurrenceId, CancellationToken.None);
        Assert.Equal([OccurrenceId], _h.Reminders(_org).Get(reminder.Id)!.Dismissed.Keys);
    }

    private Task<Reminder> Create(string eventId, TimeSpan? lead, DateTimeOffset? at, string occurrenceId) =>
        _h.Reminders(_org).CreateAsync(eventId, lead, at, occurrenceId, CancellationToken.None);

    private void AssertNothingStored() => Assert.Empty(_h.Reminders(_org).All());
}
