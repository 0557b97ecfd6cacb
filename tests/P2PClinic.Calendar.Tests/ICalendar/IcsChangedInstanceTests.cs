extern alias CalendarPlugin;
using System.Text;
using System.Text.RegularExpressions;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.ICalendar;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Testing;
using P2PClinic.Tests.Shared;
using IcalCalendar = Ical.Net.Calendar;

namespace P2PClinic.Calendar.Tests.ICalendar;

/// <summary>
/// A moved occurrence of a repeating event (the series with an exception date, the occurrence an event of its own
/// under <c>&lt;uid&gt;#&lt;original start&gt;</c>) exported as RFC 5545 section 3.8.4.4 and Apple, Google and Outlook
/// record one: a VEVENT with the series' UID and a RECURRENCE-ID holding the original start; read back by Ical.Net,
/// ical.js and our own import as the same occurrence change.
/// </summary>
public sealed partial class IcsChangedInstanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly Event Series = new()
    {
        Id = "s1",
        Uid = "planning@p2pclinic.test",
        Title = "Planning",
        Start = new EventTime(new DateOnly(2026, 3, 2), new TimeOnly(9, 0)),
        End = new EventTime(new DateOnly(2026, 3, 2), new TimeOnly(10, 0)),
        TimeZone = "Europe/Paris",
        RecurrenceRule = "FREQ=WEEKLY;COUNT=6;BYDAY=MO",

        // The 16th was moved (below), the 23rd deleted.
        ExceptionDates = [new EventTime(new DateOnly(2026, 3, 16), new TimeOnly(9, 0)), new EventTime(new DateOnly(2026, 3, 23), new TimeOnly(9, 0))],
    };

    private static readonly Event Moved = new()
    {
        Id = "m1",
        Uid = "planning@p2pclinic.test#20260316T090000",
        Title = "Planning (moved)",
        Start = new EventTime(new DateOnly(2026, 3, 17), new TimeOnly(14, 0)),
        End = new EventTime(new DateOnly(2026, 3, 17), new TimeOnly(15, 30)),
        TimeZone = "Europe/Paris",
    };

    private static readonly Event Days = new()
    {
        Id = "s2",
        Uid = "rounds@p2pclinic.test",
        Title = "Rounds",
        Start = new EventTime(new DateOnly(2026, 5, 1), null),
        End = new EventTime(new DateOnly(2026, 5, 2), null),
        IsAllDay = true,
        RecurrenceRule = "FREQ=DAILY;COUNT=3",
        ExceptionDates = [new EventTime(new DateOnly(2026, 5, 2), null)],
    };

    private static readonly Event MovedDay = new()
    {
        Id = "m2",
        Uid = "rounds@p2pclinic.test#20260502",
        Title = "Rounds",
        Start = new EventTime(new DateOnly(2026, 5, 5), null),
        End = new EventTime(new DateOnly(2026, 5, 6), null),
        IsAllDay = true,
    };

    private static readonly Event[] Corpus = [Series, Moved, Days, MovedDay];

    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset To = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Export_MovedOccurrence_IsAVEVENTWithTheSeriesUidAndARecurrenceIdOfItsOriginalStart()
    {
        var text = IcsWriter.Write(Corpus, Now);

        var events = VEvents(text);
        Assert.Equal(4, events.Count);
        var moved = events[1];
        Assert.Contains("\r\nUID:planning@p2pclinic.test\r\n", moved, StringComparison.Ordinal);
        Assert.Contains("\r\nRECURRENCE-ID;TZID=Europe/Paris:20260316T090000\r\n", moved, StringComparison.Ordinal);
        Assert.Contains("\r\nDTSTART;TZID=Europe/Paris:20260317T140000\r\n", moved, StringComparison.Ordinal);
        Assert.DoesNotContain("RRULE", moved, StringComparison.Ordinal);
        var movedDay = events[3];
        Assert.Contains("\r\nUID:rounds@p2pclinic.test\r\n", movedDay, StringComparison.Ordinal);
        Assert.Contains("\r\nRECURRENCE-ID;VALUE=DATE:20260502\r\n", movedDay, StringComparison.Ordinal);

        // The series no longer leaves the moved start out (the instance replaces it); the deleted one stays out.
        Assert.Equal(["EXDATE;TZID=Europe/Paris:20260323T090000"], ExDates(events[0]));
        Assert.Empty(ExDates(events[2]));
        Assert.DoesNotContain("#", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_LoadedByIcalNet_GivesOurOccurrencesWithTheMovedOneReplaced()
    {
        var calendar = IcalCalendar.Load(IcsWriter.Write(Corpus, Now))!;

        // Ical.Net applies each RECURRENCE-ID instance to its series (RFC 5545 section 3.8.4.4).
        var theirs = calendar.GetOccurrences(new Ical.Net.DataTypes.CalDateTime(From.UtcDateTime, "UTC"))
            .Select(o => o.Period.StartTime)
            .Select(s => s.HasTime ? new DateTimeOffset(s.AsUtc, TimeSpan.Zero) : new DateTimeOffset(s.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .TakeWhile(s => s < To)
            .Order()
            .ToList();
        var expander = new OccurrenceExpander();
        var ours = Corpus.SelectMany(e => expander.Expand(Guid.NewGuid(), e, From, To)).Select(o => o.Start).Order().ToList();

        Assert.Equal(ours, theirs);
        Assert.Contains(new DateTimeOffset(2026, 3, 17, 13, 0, 0, TimeSpan.Zero), theirs);
        Assert.DoesNotContain(new DateTimeOffset(2026, 3, 16, 8, 0, 0, TimeSpan.Zero), theirs);
        Assert.DoesNotContain(new DateTimeOffset(2026, 3, 23, 8, 0, 0, TimeSpan.Zero), theirs);
    }

    [Fact]
    public async Task Export_ReadByIcalJs_HasTheSeriesUidAndTheOriginalStartOnTheInstance()
    {
        var calendar = Assert.Single(await IcalJs.ParseAsync(IcsWriter.Write(Corpus, Now)));

        var events = calendar[2].EnumerateArray().Where(c => c[0].GetString() == "vevent")
            .Select(c => c[1].EnumerateArray().Select(IcalJs.Property.From).ToList()).ToList();
        var moved = events[1];
        Assert.Equal("planning@p2pclinic.test", moved.Single(p => p.Name == "uid").Text);
        var recurrenceId = moved.Single(p => p.Name == "recurrence-id");
        Assert.Equal("2026-03-16T09:00:00", recurrenceId.Text);
        Assert.Equal(["Europe/Paris"], recurrenceId.Parameter("tzid"));
        var movedDay = events[3].Single(p => p.Name == "recurrence-id");
        Assert.Equal(("date", "2026-05-02"), (movedDay.Type, movedDay.Text));
    }

    [Fact]
    public async Task Export_ImportedBack_IsOneSeriesWithTheSameExceptionsAndOneMovedOccurrence()
    {
        var calendar = await ImportAsync(IcsWriter.Write(Corpus, Now));

        var events = calendar.All().OrderBy(e => e.Uid, StringComparer.Ordinal).ToList();
        Assert.Equal(["planning@p2pclinic.test", "planning@p2pclinic.test#20260316T090000", "rounds@p2pclinic.test", "rounds@p2pclinic.test#20260502"], events.Select(e => e.Uid));
        Assert.Equal(Series.ExceptionDates, events[0].ExceptionDates);
        Assert.Equal(Series.RecurrenceRule, events[0].RecurrenceRule);
        Assert.Equal((Moved.Title, Moved.Start, Moved.End, ""), (events[1].Title, events[1].Start, events[1].End, events[1].RecurrenceRule));
        Assert.Equal(Days.ExceptionDates, events[2].ExceptionDates);
        Assert.Equal((MovedDay.Start, MovedDay.End), (events[3].Start, events[3].End));

        var expander = new OccurrenceExpander();
        static List<(string, DateTimeOffset, DateTimeOffset)> Shown(IEnumerable<Event> all, OccurrenceExpander expander) =>
            [.. all.SelectMany(e => expander.Expand(Guid.NewGuid(), e, From, To)).Select(o => (o.Event.Title, o.Start, o.End)).Order()];
        Assert.Equal(Shown(Corpus, expander), Shown(events, expander));
    }

    [Fact]
    public async Task Export_OccurrenceMovedToAnotherZone_ImportsBackAsTheSameOccurrenceOfTheSeries()
    {
        // ChangeOccurrence may change the occurrence's zone; its RECURRENCE-ID stays in the series' zone (09:00 in
        // Paris, 04:00 in New York that day), and the import must leave that start out of the series, not 04:00.
        var elsewhere = Moved with { TimeZone = "America/New_York" };

        var calendar = await ImportAsync(IcsWriter.Write([Series, elsewhere], Now));

        Assert.Equal(Series.ExceptionDates, calendar.All().Single(e => e.Uid == Series.Uid).ExceptionDates);
        var moved = calendar.All().Single(e => e.RecurrenceRule.Length == 0);
        Assert.Equal((Moved.Uid, "America/New_York", Moved.Start), (moved.Uid, moved.TimeZone, moved.Start));
    }

    [Fact]
    public async Task Import_InstanceWhoseStartTheSeriesAlsoExcludes_KeepsTheExceptionDateOnce()
    {
        // Some clients list a moved occurrence's start in the series' EXDATE as well as in the instance's RECURRENCE-ID.
        var text = IcsWriter.Write(Corpus, Now).Replace(
            "EXDATE;TZID=Europe/Paris:20260323T090000",
            "EXDATE;TZID=Europe/Paris:20260316T090000,20260323T090000",
            StringComparison.Ordinal);

        var calendar = await ImportAsync(text);

        Assert.Equal(Series.ExceptionDates, calendar.All().Single(e => e.Uid == Series.Uid).ExceptionDates);
    }

    [Fact]
    public void Export_InstanceWithoutItsSeriesOrItsExceptionDate_StaysAnEventOfItsOwn()
    {
        // Without the series in the file, or with the series no longer leaving that start out (an override would
        // then hide an occurrence the series shows), the instance is written as it is stored.
        var restored = Series with { ExceptionDates = [Series.ExceptionDates[1]] };

        foreach (var events in new[] { new[] { Moved }, [restored, Moved] })
        {
            var written = VEvents(IcsWriter.Write(events, Now))[^1];

            Assert.Contains("\r\nUID:planning@p2pclinic.test#20260316T090000\r\n", written, StringComparison.Ordinal);
            Assert.DoesNotContain("RECURRENCE-ID", written, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Export_TwoCopiesOfOneMovedOccurrence_WritesOneOverrideAndKeepsTheOtherAsItsOwnEvent()
    {
        // Two members changing the same occurrence at once both keep their copy (docs/calendar.md).
        var other = Moved with { Id = "m3", Title = "Planning (moved elsewhere)" };

        var events = VEvents(IcsWriter.Write([Series, Moved, other], Now));

        Assert.Contains("RECURRENCE-ID", events[1], StringComparison.Ordinal);
        Assert.DoesNotContain("RECURRENCE-ID", events[2], StringComparison.Ordinal);
        Assert.Contains("\r\nUID:planning@p2pclinic.test#20260316T090000\r\n", events[2], StringComparison.Ordinal);
    }

    private static async Task<OrgCalendar> ImportAsync(string ics)
    {
        var calendar = new OrgCalendar(new InMemoryOrgDocument(), TimeProvider.System, new OccurrenceExpander());
        var reports = new List<ImportProgress>();
        await EventImport.RunAsync(calendar, Encoding.UTF8.GetBytes(ics), p => { reports.Add(p); return Task.CompletedTask; }, CancellationToken.None);
        Assert.True(reports[^1].Done);
        Assert.All(reports, r => Assert.Empty(r.Errors));
        return calendar;
    }

    private static List<string> VEvents(string text) => [.. VEvent().Matches(text).Select(m => m.Value)];

    private static List<string> ExDates(string vevent) => [.. vevent.Split("\r\n").Where(l => l.StartsWith("EXDATE", StringComparison.Ordinal))];

    [GeneratedRegex("BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", RegexOptions.Singleline)]
    private static partial Regex VEvent();
}
