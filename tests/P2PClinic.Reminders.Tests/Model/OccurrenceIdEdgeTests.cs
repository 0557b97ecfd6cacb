extern alias RemindersPlugin;
using P2PClinic.Reminders.Tests.Fakes;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Model;
using static P2PClinic.Reminders.Tests.Fakes.SchedulerHarness;

namespace P2PClinic.Reminders.Tests.Model;

/// <summary>Occurrence ids at the ends of the calendar are bad input like any other: a typed error naming the field.</summary>
public sealed class OccurrenceIdEdgeTests
{
    [Theory]
    [InlineData("00010101T000000Z")]
    [InlineData("00010101")]
    [InlineData("99991231T235959Z")]
    [InlineData("99991231")]
    public async Task AnOccurrenceIdAtTheEndOfTheCalendarIsRefusedNamingOccurrenceId(string occurrenceId)
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromHours(2)));
        var reminders = h.Reminders(org);

        var create = await Assert.ThrowsAsync<ReminderValidationException>(
            () => reminders.CreateAsync("e", null, T0 + TimeSpan.FromHours(1), occurrenceId, CancellationToken.None));
        var reminder = await h.LeadAsync(org, "e", TimeSpan.FromMinutes(15));
        var dismiss = await Assert.ThrowsAsync<ReminderValidationException>(
            () => reminders.DismissAsync(reminder.Id, occurrenceId, CancellationToken.None));

        Assert.Equal("occurrence_id", create.Field);
        Assert.Equal("occurrence_id", dismiss.Field);
    }
}
