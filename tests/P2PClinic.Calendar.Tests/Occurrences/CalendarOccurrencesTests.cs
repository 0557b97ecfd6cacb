extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Storage;
using P2PClinic.Sdk.Calendar;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Calendar.Tests.Occurrences;

/// <summary>
/// <see cref="ICalendarOccurrences"/> as other plugins use it, in-process over a real CRDT document: what the
/// reminders plugin relies on, and the recurrence rules behind it.
/// </summary>
public sealed class CalendarOccurrencesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryOrgDocument _document = new();
    private readonly ICalendarOccurrences _calendar = new CalendarOccurrences(new OccurrenceExpander());

    private static DateTimeOffset Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private async Task<Event> AddAsync(string start, string? end = null, string zone = "", string rule = "", bool allDay = false, params string[] exdates)
    {
        var draft = new Event
        {
            Title = "event " + start,
            Start = EventTime.Parse(start, "start"),
            End = end is null ? null : EventTime.Parse(end, "end"),
            IsAllDay = allDay,
            TimeZone = zone,
            RecurrenceRule = rule,
            ExceptionDates = [.. exdates.Select(d => EventTime.Parse(d, "exdates"))],
        };
        var e = EventValidator.Validate(draft) with { Id = Guid.NewGuid().ToString("N"), CreatedAt = T0, UpdatedAt = T0 };
        await _document.ChangeAsync(t => EventDocument.Create(t, e));
        return e;
    }

    [Fact]
    public async Task OccurrenceIdsAreTheUTCStartForTimedEventsAndTheDateForAllDayEvents()
    {
        var timed = await AddAsync("2026-03-02T09:00", "2026-03-02T10:00", "Europe/Paris");
        var allDay = await AddAsync("2026-03-03", allDay: true);

        var listed = _calendar.ListOccurrences(_document, Utc(2026, 3, 1), Utc(2026, 3, 5));

        Assert.Equal(
            [
                new EventOccurrence(timed.Id, "20260302T080000Z", timed.Title, Utc(2026, 3, 2, 8), Utc(2026, 3, 2, 9), false, "Europe/Paris"),
                new EventOccurrence(allDay.Id, "20260303", allDay.Title, Utc(2026, 3, 3), Utc(2026, 3, 4), true, null),
            ],
            listed);
    }

    [Fact]
    public async Task AnEventAt0230OnTheSpringForwardDayHappensAt0330SummerTime()
    {
        // 29 March 2026, Paris: clocks jump from 02:00 to 03:00, so 02:30 does not exist that day. RFC 5545
        // section 3.3.5 reads such a time with the offset before the gap: 02:30+01:00, which is 03:30 summer time.
        var e = await AddAsync("2026-03-27T02:30", "2026-03-27T03:00", "Europe/Paris", "FREQ=DAILY;COUNT=4");

        var listed = _calendar.ListOccurrences(_document, e.Id, Utc(2026, 3, 1), Utc(2026, 4, 1));

        Assert.Equal([Utc(2026, 3, 27, 1, 30), Utc(2026, 3, 28, 1, 30), Utc(2026, 3, 29, 1, 30), Utc(2026, 3, 30, 0, 30)], listed.Select(o => o.Start));
        Assert.All(listed, o => Assert.Equal(TimeSpan.FromMinutes(30), o.End - o.Start));
    }

    [Fact]
    public async Task AnEventInTheRepeatedHourOfTheAutumnChangeHappensAtItsFirstOccurrence()
    {
        // 25 October 2026, Paris: 02:30 happens twice (summer time, then winter time); the first one is meant.
        var e = await AddAsync("2026-10-25T02:30", "2026-10-25T03:00", "Europe/Paris");

        var only = Assert.Single(_calendar.ListOccurrences(_document, e.Id, Utc(2026, 10, 1), Utc(2026, 11, 1)));

        Assert.Equal(Utc(2026, 10, 25, 0, 30), only.Start);
    }

    [Fact]
    public async Task CountLimitsTheSeriesWhateverRangeIsAsked()
    {
        var e = await AddAsync("2026-01-05T09:00", zone: "Europe/Paris", rule: "FREQ=WEEKLY;COUNT=3");

        Assert.Equal(3, _calendar.ListOccurrences(_document, e.Id, Utc(2020, 1, 1), Utc(2030, 1, 1)).Count);
        Assert.Equal([Utc(2026, 1, 19, 8)], _calendar.ListOccurrences(_document, e.Id, Utc(2026, 1, 15), Utc(2030, 1, 1)).Select(o => o.Start));
    }

    [Fact]
    public async Task UntilIsAnInstantInUTCAndIncludesAnOccurrenceStartingAtIt()
    {
        // 09:00 Paris in January is 08:00Z: UNTIL=...T080000Z keeps the 14th, ...T075959Z would not.
        var inclusive = await AddAsync("2026-01-12T09:00", zone: "Europe/Paris", rule: "FREQ=DAILY;UNTIL=20260114T080000Z");
        var exclusive = await AddAsync("2026-01-12T09:00", zone: "Europe/Paris", rule: "FREQ=DAILY;UNTIL=20260114T075959Z");

        Assert.Equal(3, _calendar.ListOccurrences(_document, inclusive.Id, Utc(2026, 1, 1), Utc(2026, 2, 1)).Count);
        Assert.Equal(2, _calendar.ListOccurrences(_document, exclusive.Id, Utc(2026, 1, 1), Utc(2026, 2, 1)).Count);
    }

    [Fact]
    public async Task ExceptionDatesRemoveExactlyTheirOccurrences()
    {
        var e = await AddAsync("2026-01-05T09:00", "2026-01-05T10:00", "America/New_York", "FREQ=DAILY;COUNT=5", false, "2026-01-06T09:00", "2026-01-08T09:00");

        var listed = _calendar.ListOccurrences(_document, e.Id, Utc(2026, 1, 1), Utc(2026, 2, 1));

        Assert.Equal(["20260105T140000Z", "20260107T140000Z", "20260109T140000Z"], listed.Select(o => o.OccurrenceId));
    }

    [Fact]
    public async Task MonthlyByOrdinalWeekdayAndBySetPositionFollowRFC5545()
    {
        var lastFriday = await AddAsync("2026-01-30T17:00", zone: "Europe/London", rule: "FREQ=MONTHLY;BYDAY=-1FR");
        var lastWorkday = await AddAsync("2026-01-30T17:00", zone: "Europe/London", rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1");
        var secondMondayOfMarchYearly = await AddAsync("2026-03-09T10:00", zone: "UTC", rule: "FREQ=YEARLY;BYMONTH=3;BYDAY=2MO");

        Assert.Equal(
            [new DateOnly(2026, 1, 30), new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 27), new DateOnly(2026, 4, 24)],
            _calendar.ListOccurrences(_document, lastFriday.Id, Utc(2026, 1, 1), Utc(2026, 5, 1)).Select(o => DateOnly.FromDateTime(o.Start.UtcDateTime)));
        Assert.Equal(
            [new DateOnly(2026, 1, 30), new DateOnly(2026, 2, 27), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30), new DateOnly(2026, 5, 29)],
            _calendar.ListOccurrences(_document, lastWorkday.Id, Utc(2026, 1, 1), Utc(2026, 6, 1)).Select(o => DateOnly.FromDateTime(o.Start.UtcDateTime)));
        Assert.Equal(
            [new DateOnly(2026, 3, 9), new DateOnly(2027, 3, 8), new DateOnly(2028, 3, 13)],
            _calendar.ListOccurrences(_document, secondMondayOfMarchYearly.Id, Utc(2026, 1, 1), Utc(2029, 1, 1)).Select(o => DateOnly.FromDateTime(o.Start.UtcDateTime)));
    }

    [Fact]
    public async Task WeeklyWithIntervalAndWeekStartCountsWeeksFromTheGivenDay()
    {
        // RFC 5545 section 3.3.10's own example: WKST changes which days fall in an INTERVAL=2 week.
        var monday = await AddAsync("1997-08-05T09:00", zone: "America/New_York", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO");
        var sunday = await AddAsync("1997-08-05T09:00", zone: "America/New_York", rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU");

        Assert.Equal([5, 10, 19, 24], _calendar.ListOccurrences(_document, monday.Id, Utc(1997, 8, 1), Utc(1997, 9, 1)).Select(o => o.Start.Day));
        Assert.Equal([5, 17, 19, 31], _calendar.ListOccurrences(_document, sunday.Id, Utc(1997, 8, 1), Utc(1997, 9, 1)).Select(o => o.Start.Day));
    }

    [Fact]
    public async Task AnAllDayYearlyEventStartsAtMidnightInItsZone()
    {
        var e = await AddAsync("2024-02-29", allDay: true, zone: "Asia/Tokyo", rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1");

        var listed = _calendar.ListOccurrences(_document, e.Id, Utc(2024, 1, 1), Utc(2027, 1, 1));

        Assert.Equal(["20240229", "20250228", "20260228"], listed.Select(o => o.OccurrenceId));
        Assert.Equal(Utc(2025, 2, 27, 15), listed[1].Start);
        Assert.All(listed, o => Assert.Equal(TimeSpan.FromDays(1), o.End - o.Start));
        Assert.All(listed, o => Assert.True(o.IsAllDay));
    }

    [Fact]
    public async Task AnOccurrenceThatBeganBeforeTheRangeAndIsStillOnIsListed()
    {
        var e = await AddAsync("2026-01-01T22:00", "2026-01-02T02:00", "UTC", "FREQ=DAILY");

        var listed = _calendar.ListOccurrences(_document, e.Id, Utc(2026, 3, 10, 1), Utc(2026, 3, 10, 2));

        Assert.Equal([Utc(2026, 3, 9, 22)], listed.Select(o => o.Start));
    }

    [Fact]
    public async Task AnUnboundedDailyRuleFromLongAgoListsJustTheRange()
    {
        var e = await AddAsync("1990-01-01T12:00", zone: "Australia/Sydney", rule: "FREQ=DAILY");

        var listed = _calendar.ListOccurrences(_document, e.Id, Utc(2026, 5, 1), Utc(2026, 5, 8));

        Assert.Equal(7, listed.Count);
    }

    [Fact]
    public async Task ListingIsInOrderOfStartAcrossEvents()
    {
        await AddAsync("2026-02-02T15:00", zone: "UTC", rule: "FREQ=DAILY;COUNT=3");
        await AddAsync("2026-02-02T09:00", zone: "America/Los_Angeles", rule: "FREQ=DAILY;COUNT=3");
        await AddAsync("2026-02-03", allDay: true);

        var listed = _calendar.ListOccurrences(_document, Utc(2026, 2, 1), Utc(2026, 2, 10));

        Assert.Equal(7, listed.Count);
        Assert.Equal(listed.OrderBy(o => o.Start).ThenBy(o => o.EventId, StringComparer.Ordinal).Select(o => (o.EventId, o.OccurrenceId)), listed.Select(o => (o.EventId, o.OccurrenceId)));
    }

    [Fact]
    public async Task ContainsKnowsCreatedAndDeletedEventsAndUnknownIdsListNothing()
    {
        var e = await AddAsync("2026-02-02T15:00");

        Assert.True(_calendar.Contains(_document, e.Id));
        await _document.ChangeAsync(t => EventDocument.Delete(t, e.Id));
        Assert.False(_calendar.Contains(_document, e.Id));
        Assert.Empty(_calendar.ListOccurrences(_document, e.Id, Utc(2020, 1, 1), Utc(2030, 1, 1)));
    }

    [Fact]
    public async Task AnEditedRuleIsExpandedAfresh()
    {
        var e = await AddAsync("2026-01-05T09:00", zone: "UTC", rule: "FREQ=DAILY;COUNT=2");
        Assert.Equal(2, _calendar.ListOccurrences(_document, e.Id, Utc(2026, 1, 1), Utc(2026, 2, 1)).Count);

        var edited = e with { RecurrenceRule = "FREQ=DAILY;COUNT=4" };
        await _document.ChangeAsync(t => EventDocument.Update(t, edited, EventField.RecurrenceRule));

        Assert.Equal(4, _calendar.ListOccurrences(_document, e.Id, Utc(2026, 1, 1), Utc(2026, 2, 1)).Count);
    }

    [Fact]
    public void ARangeThatEndsBeforeItStartsIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => _calendar.ListOccurrences(_document, Utc(2026, 2, 1), Utc(2026, 1, 1)));
        Assert.Throws<ArgumentException>(() => _calendar.ListOccurrences(_document, "x", Utc(2026, 2, 1), Utc(2026, 1, 1)));
    }
}
