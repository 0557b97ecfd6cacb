extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Storage;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Calendar.Tests.Occurrences;

/// <summary>
/// A page of occurrences is computed holding only the page: each event contributes at most a page, and the merge
/// keeps the earliest. It must list exactly the start of the full, ordered listing.
/// </summary>
public sealed class OccurrencePageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What identifies an occurrence (each listing reads its own copy of the events).</summary>
    private static (string EventId, string OccurrenceId, DateTimeOffset Start, DateTimeOffset End) Key(Occurrence o) => (o.Event.Id, o.OccurrenceId, o.Start, o.End);

    private static async Task<OrgCalendar> CalendarWithDailyEventsAsync(int count)
    {
        var document = new InMemoryOrgDocument();
        for (var i = 0; i < count; i++)
        {
            var e = EventValidator.Validate(new Event
            {
                Title = $"daily {i}",
                Start = new EventTime(new DateOnly(2026, 1, 1 + (i % 5)), new TimeOnly(8 + (i % 7), 0)),
                End = new EventTime(new DateOnly(2026, 1, 1 + (i % 5)), new TimeOnly(8 + (i % 7), 30)),
                TimeZone = i % 2 == 0 ? "Europe/Paris" : "America/New_York",
                RecurrenceRule = i % 3 == 0 ? "FREQ=DAILY" : "FREQ=WEEKLY;BYDAY=MO,TH",
            }) with { Id = $"{i:D2}", CreatedAt = T0, UpdatedAt = T0 };
            await document.ChangeAsync(t => EventDocument.Create(t, e));
        }

        return new OrgCalendar(document, TimeProvider.System, new OccurrenceExpander());
    }

    [Fact]
    public async Task ABoundedListingIsTheStartOfTheFullListing()
    {
        var calendar = await CalendarWithDailyEventsAsync(24);
        var from = T0.AddMonths(2);
        var to = T0.AddYears(1);

        var full = calendar.Occurrences(from, to);
        var page = calendar.Occurrences(from, to, _ => true, 7);

        Assert.True(full.Count > 1000);
        Assert.Equal(full.Take(7).Select(Key), page.Select(Key));
    }

    [Fact]
    public async Task ABoundedListingAppliesTheFilterBeforeTheLimit()
    {
        var calendar = await CalendarWithDailyEventsAsync(24);
        var from = T0.AddMonths(2);
        var to = T0.AddYears(1);
        var after = T0.AddMonths(6);

        var full = calendar.Occurrences(from, to).Where(o => o.Start > after).Take(50);
        var page = calendar.Occurrences(from, to, o => o.Start > after, 50);

        Assert.Equal(full.Select(Key), page.Select(Key));
    }
}
