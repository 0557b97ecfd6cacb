extern alias RemindersPlugin;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Reminders.Tests.Fakes;
using P2PClinic.Sdk.Calendar;
using P2PClinic.Tests.Shared;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Model;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Scheduling;

namespace P2PClinic.Reminders.Tests.Records;

/// <summary>
/// The rules table of docs/records.md, for the rows reminders have, through the plugin's API on two devices'
/// documents that change apart and then exchange their updates: the phone and the laptop of one member, or two
/// members of a clinic. Dismissals and snoozes are keyed maps by occurrence.
/// </summary>
public sealed class ReminderMergeRulesTests : IAsyncLifetime
{
    private const string WardRound = "ward-round";
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(T0);
    private readonly FakeCalendar _calendar = new();
    private readonly InMemoryOrgDocument _phoneDocument = new(clientId: 1);
    private readonly InMemoryOrgDocument _laptopDocument = new(clientId: 2);
    private readonly OrgReminders _phone;
    private readonly OrgReminders _laptop;
    private readonly IReadOnlyList<EventOccurrence> _occurrences =
        FakeCalendar.Daily(WardRound, "Ward round", new DateOnly(2026, 12, 1), new TimeOnly(8, 0), "Europe/Paris", days: 5);
    private readonly IReadOnlyList<string> _days;

    public ReminderMergeRulesTests()
    {
        var planner = new ReminderPlanner(_calendar);
        _phone = new OrgReminders(_phoneDocument, planner, _time);
        _laptop = new OrgReminders(_laptopDocument, planner, _time);
        _days = [.. _occurrences.Select(o => o.OccurrenceId)];
    }

    /// <summary>The phone holds a daily 08:00 (Paris) ward round, 07:00 UTC; the laptop gets it with the first exchange.</summary>
    public Task InitializeAsync() => _calendar.AddEventAsync(_phoneDocument, WardRound, _occurrences);

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> SharedReminderAsync()
    {
        var created = await _phone.CreateAsync(WardRound, TimeSpan.FromMinutes(15), null, "", default);
        await InMemoryOrgDocument.ExchangeAsync(_phoneDocument, _laptopDocument);
        return created.Id;
    }

    private async Task<Reminder> MergedAsync(string id)
    {
        await InMemoryOrgDocument.ExchangeAsync(_phoneDocument, _laptopDocument);
        var onPhone = _phone.Get(id)!;
        var onLaptop = _laptop.Get(id)!;
        Assert.Equal(onPhone.Dismissed, onLaptop.Dismissed);
        Assert.Equal(onPhone.SnoozedUntil, onLaptop.SnoozedUntil);
        Assert.Equal(onPhone.UpdatedAt, onLaptop.UpdatedAt);
        return onPhone;
    }

    [Fact]
    public async Task RemindersAddedToOneEventOnTwoDevicesWhileApartAreBothKept()
    {
        await InMemoryOrgDocument.ExchangeAsync(_phoneDocument, _laptopDocument);

        var early = await _phone.CreateAsync(WardRound, TimeSpan.FromHours(1), null, "", default);
        var late = await _laptop.CreateAsync(WardRound, TimeSpan.FromMinutes(5), null, "", default);
        await InMemoryOrgDocument.ExchangeAsync(_phoneDocument, _laptopDocument);

        foreach (var device in new[] { _phone, _laptop })
        {
            Assert.Equal(
                [(early.Id, TimeSpan.FromHours(1)), (late.Id, TimeSpan.FromMinutes(5))],
                device.All().Select(r => (r.Id, r.LeadTime!.Value)).OrderByDescending(r => r.Item2));
        }
    }

    [Fact]
    public async Task DifferentOccurrencesDismissedOnTwoDevicesAreBothDismissed()
    {
        var id = await SharedReminderAsync();

        await _phone.DismissAsync(id, _days[0], default);
        await _laptop.DismissAsync(id, _days[1], default);

        var merged = await MergedAsync(id);
        Assert.Equal([_days[0], _days[1]], merged.Dismissed.Keys.Order(StringComparer.Ordinal));
        // The next time anything comes due is the third day's, on both devices.
        Assert.Equal(_phone.NextDue(merged), _laptop.NextDue(_laptop.Get(id)!));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 6, 45, 0, TimeSpan.Zero), _phone.NextDue(merged));
    }

    [Fact]
    public async Task OneOccurrenceSnoozedToDifferentTimesOnTwoDevicesEndsWithOneOfThemOnBoth()
    {
        var id = await SharedReminderAsync();
        _time.Advance(TimeSpan.FromMinutes(50)); // 06:50 UTC: the first occurrence (07:00 UTC, 15 minutes ahead: 06:45) is due.

        await _phone.SnoozeAsync(id, _days[0], T0.AddHours(2), default);
        await _laptop.SnoozeAsync(id, _days[0], T0.AddHours(3), default);

        var merged = await MergedAsync(id);
        var until = Assert.Single(merged.SnoozedUntil);
        Assert.Equal(_days[0], until.Key);
        Assert.Contains(until.Value, new[] { T0.AddHours(2), T0.AddHours(3) });
        Assert.Empty(merged.Dismissed);
    }

    [Fact]
    public async Task AnOccurrenceDismissedOnOneDeviceAndSnoozedOnTheOtherStaysDismissed()
    {
        var id = await SharedReminderAsync();
        _time.Advance(TimeSpan.FromMinutes(50));

        await _phone.DismissAsync(id, _days[0], default);
        await _laptop.SnoozeAsync(id, _days[0], T0.AddHours(2), default);

        var merged = await MergedAsync(id);
        Assert.Equal([_days[0]], merged.Dismissed.Keys);
        // The snooze (08:00 UTC) may survive in the map, but a dismissed occurrence never comes due again on
        // either device: the next due time is the second day's.
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 45, 0, TimeSpan.Zero), _phone.NextDue(merged));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 6, 45, 0, TimeSpan.Zero), _laptop.NextDue(_laptop.Get(id)!));
    }

    [Fact]
    public async Task AReminderDeletedOnOneDeviceWhileSnoozedOnTheOtherStaysDeleted()
    {
        var id = await SharedReminderAsync();
        _time.Advance(TimeSpan.FromMinutes(50));

        Assert.True(await _phone.DeleteAsync(id, default));
        await _laptop.SnoozeAsync(id, _days[0], T0.AddHours(2), default);
        await InMemoryOrgDocument.ExchangeAsync(_phoneDocument, _laptopDocument);

        Assert.Null(_phone.Get(id));
        Assert.Null(_laptop.Get(id));
        Assert.Empty(_laptop.All());
    }
}
