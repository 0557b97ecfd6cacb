extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace P2PClinic.Calendar.Tests.Occurrences;

/// <summary>
/// The expander restarts long series at remembered occurrences (checkpoints) instead of walking from their start on
/// every query; whatever order ranges are asked in, it must list exactly what evaluating the whole series lists.
/// </summary>
public sealed class OccurrenceExpanderTests
{
    public static TheoryData<string, string, string, bool> Series() => new()
    {
        { "2025-01-06T09:00", "Europe/Paris", "FREQ=DAILY", false },
        { "2025-01-06T02:30", "Europe/Paris", "FREQ=DAILY", false },
        { "2025-01-01T09:00", "Europe/Paris", "FREQ=WEEKLY;BYDAY=MO,WE,FR", false },
        { "2025-01-07T09:00", "America/New_York", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU", false },
        { "2025-01-07T09:00", "America/New_York", "FREQ=WEEKLY;INTERVAL=3", false },
        { "2025-01-31T18:00", "Asia/Tokyo", "FREQ=MONTHLY", false },
        { "2025-01-31T18:00", "Asia/Tokyo", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1", false },
        { "2025-01-02T08:00", "Europe/London", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=2", false },
        { "2025-01-30T08:00", "Europe/London", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", false },
        { "2025-01-15T12:00", "UTC", "FREQ=MONTHLY;BYDAY=2TU,-1FR", false },
        { "2024-02-29T07:00", "Australia/Sydney", "FREQ=YEARLY", false },
        { "2025-01-01T10:00", "UTC", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", false },
        { "2025-01-01T10:00", "UTC", "FREQ=YEARLY;BYYEARDAY=1,100,-1", false },
        { "2025-03-05T10:00", "Europe/Paris", "FREQ=MONTHLY;BYDAY=1MO", false },
        { "2025-01-06T09:00", "Europe/Paris", "FREQ=DAILY;UNTIL=20270301T000000Z", false },
        { "2025-01-06", "", "FREQ=WEEKLY;BYDAY=SA,SU", true },
        { "2025-01-31", "Europe/Paris", "FREQ=MONTHLY;BYMONTHDAY=31", true },
        { "2025-01-01", "", "FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO", true },
        { "2025-01-01T09:00", "UTC", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", false },
        { "2025-01-01T09:00", "Europe/Paris", "FREQ=YEARLY;BYMONTHDAY=1,-1", false },
        { "2025-01-01T09:00", "Europe/Paris", "FREQ=DAILY;BYDAY=SA;BYMONTH=6,7,8", false },
        { "2025-01-01T09:00", "Europe/Paris", "FREQ=WEEKLY;BYDAY=MO;BYMONTH=3", false },
        { "2025-01-10T09:00", "America/New_York", "FREQ=MONTHLY;INTERVAL=2;BYMONTH=1,2,3,4,5,6;BYMONTHDAY=10", false },
        { "2025-01-06T09:00", "Europe/Paris", "FREQ=DAILY;INTERVAL=3;COUNT=200", false },
        { "2025-01-08T09:00", "Europe/Paris", "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=40", false },
        { "2025-10-20T02:30", "Europe/Paris", "FREQ=DAILY;COUNT=400", false },
        { "2025-03-05T10:00", "Europe/Paris", "FREQ=MONTHLY;BYDAY=1MO;COUNT=12", false },
        { "2024-02-29", "", "FREQ=YEARLY;INTERVAL=2", true },
        { "2025-01-06", "", "FREQ=DAILY;UNTIL=20260315", true },
        { "2025-01-01T22:30", "Pacific/Auckland", "FREQ=MONTHLY;BYDAY=-1SU", false },
    };

    [Theory]
    [MemberData(nameof(Series))]
    public void AnyOrderOfRangesListsWhatTheWholeSeriesLists(string start, string zone, string rule, bool allDay)
    {
        var e = EventValidator.Validate(new Event
        {
            Id = "e",
            Start = EventTime.Parse(start, "start"),
            End = allDay ? null : EventTime.Parse(start, "start") is var s ? s with { Time = s.Time!.Value.AddHours(1) } : null,
            IsAllDay = allDay,
            TimeZone = zone,
            RecurrenceRule = rule,
            ExceptionDates = [EventTime.Parse(start, "start") is var x ? x with { Date = x.Date.AddDays(91) } : default],
        });
        var expander = new OccurrenceExpander();
        var org = Guid.NewGuid();
        var months = new[] { 14, 3, 15, 26, 2, 40, 13, 0, 27, 1, 55, 54, 20 };

        foreach (var month in months)
        {
            var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(month).AddDays(month % 9);
            var to = from.AddDays(31);

            var listed = expander.Expand(org, e, from, to).Select(o => o.Start).ToList();

            Assert.Equal(Reference(e, from, to), listed);
        }
    }

    /// <summary>Ical.Net evaluating the whole series from its start, filtered to the range.</summary>
    private static List<DateTimeOffset> Reference(Event e, DateTimeOffset from, DateTimeOffset to)
    {
        var tzId = e.TimeZone.Length == 0 ? "UTC" : e.TimeZone;
        CalDateTime Cal(EventTime t) => e.IsAllDay ? new CalDateTime(t.Date) : new CalDateTime(t.Date, t.Time, tzId);
        var series = new CalendarEvent { DtStart = Cal(e.Start), RecurrenceRule = new RecurrencePattern(e.RecurrenceRule) };
        foreach (var d in e.ExceptionDates)
        {
            series.ExceptionDates.Add(Cal(d));
        }

        var zone = EventTimeZones.Zone(e.TimeZone);
        var result = new List<DateTimeOffset>();
        foreach (var o in series.GetOccurrences(series.DtStart))
        {
            var start = e.IsAllDay
                ? EventClock.ToInstant(new EventTime(o.Period.StartTime.Date, null), zone)
                : new DateTimeOffset(o.Period.StartTime.AsUtc, TimeSpan.Zero);
            if (start >= to)
            {
                break;
            }

            var end = e.IsAllDay ? EventClock.ToInstant(new EventTime(o.Period.StartTime.Date.AddDays(1), null), zone) : start.AddHours(1);
            if (end > from)
            {
                result.Add(start);
            }
        }

        return result;
    }
}
