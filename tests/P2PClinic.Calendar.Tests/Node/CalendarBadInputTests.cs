using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>
/// Bad and extreme input gets the calendar's own message, INVALID_ARGUMENT naming the field, never a library's
/// wording: invalid RRULEs part by part, timestamps outside the calendar, and ranges at both ends of it.
/// </summary>
public sealed class CalendarBadInputTests(CalendarNodeFixture fixture) : IClassFixture<CalendarNodeFixture>
{
    private CalendarService.CalendarServiceClient Calendar => fixture.Calendar;

    [Theory]
    [InlineData("FREQ=SOMETIMES", "recurrence.rrule: FREQ=SOMETIMES is not a frequency (DAILY, WEEKLY, MONTHLY or YEARLY)")]
    [InlineData("FREQ=HOURLY", "recurrence.rrule: FREQ=HOURLY is not supported (DAILY, WEEKLY, MONTHLY or YEARLY)")]
    [InlineData("FREQ=WEEKLY;BYDAY=XX", "recurrence.rrule: BYDAY: 'XX' is not a day, optionally with its week number (MO, -1FR, 2TU)")]
    [InlineData("FREQ=MONTHLY;BYDAY=0MO", "recurrence.rrule: BYDAY: '0MO' is not a day, optionally with its week number (MO, -1FR, 2TU)")]
    [InlineData("FREQ=DAILY;COUNT=many", "recurrence.rrule: COUNT=MANY is not a whole number of at least 1")]
    [InlineData("FREQ=DAILY;INTERVAL=0", "recurrence.rrule: INTERVAL=0 is not a whole number of at least 1")]
    [InlineData("FREQ=DAILY;UNTIL=tomorrow", "recurrence.rrule: UNTIL=TOMORROW is not a date (20261231) or a UTC date-time (20261231T235959Z)")]
    [InlineData("FREQ=DAILY;UNTIL=20261345T000000Z", "recurrence.rrule: UNTIL=20261345T000000Z is not a date (20261231) or a UTC date-time (20261231T235959Z)")]
    [InlineData("FREQ=DAILY;COUNT=2;UNTIL=20260401T000000Z", "recurrence.rrule: COUNT and UNTIL exclude each other: give one")]
    [InlineData("FREQ=DAILY;FREQ=WEEKLY", "recurrence.rrule: FREQ is given more than once")]
    [InlineData("FREQ=YEARLY;BYMONTH=13", "recurrence.rrule: BYMONTH: '13' is not a number from 1 to 12")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=0", "recurrence.rrule: BYMONTHDAY: '0' is not a number from -31 to 31 (and not 0)")]
    [InlineData("FREQ=WEEKLY;WKST=XY", "recurrence.rrule: WKST=XY is not a day (MO, TU, WE, TH, FR, SA, SU)")]
    [InlineData("FREQ=WEEKLY;EVERY=2", "recurrence.rrule: 'EVERY' is not an RRULE part (FREQ, UNTIL, COUNT, INTERVAL, BYSECOND, BYMINUTE, BYHOUR, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, BYSETPOS, WKST)")]
    [InlineData("FREQ=WEEKLY;BYDAY", "recurrence.rrule: 'BYDAY' is not a NAME=VALUE part (e.g. \"FREQ=WEEKLY\")")]
    [InlineData("FREQ=WEEKLY;BYDAY=", "recurrence.rrule: BYDAY has no value")]
    public async Task AnInvalidRruleIsRefusedInTheCalendarsOwnWords(string rrule, string expected)
    {
        var org = await fixture.NewOrgAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "x", Start = "2026-03-02T10:00", Recurrence = new Recurrence { Rrule = rrule } },
        }).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, expected), (error.StatusCode, error.Status.Detail));
    }

    [Theory]
    [InlineData("from", -62_135_596_801L)]
    [InlineData("from", 253_402_300_800L)]
    [InlineData("to", 253_402_300_800L)]
    public async Task ATimestampOutsideTheCalendarIsRefusedNamingItsField(string field, long seconds)
    {
        var org = await fixture.NewOrgAsync();
        var inside = Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var outside = new Timestamp { Seconds = seconds };

        var error = await Assert.ThrowsAsync<RpcException>(() => Calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = field == "from" ? outside : inside,
            To = field == "to" ? outside : inside,
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith($"{field}: is not a time the calendar holds (seconds {seconds}, nanos 0)", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RangesAtTheLastAndFirstDaysOfTheCalendarListTheirOccurrences()
    {
        var org = await fixture.NewOrgAsync();
        await Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = new Event { Title = "Last", Start = "9999-12-29T12:00", End = "9999-12-29T13:00", Recurrence = new Recurrence { Rrule = "FREQ=DAILY" } } });
        await Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = new Event { Title = "First", Start = "0001-01-01T09:00", Recurrence = new Recurrence { Rrule = "FREQ=DAILY;COUNT=3" } } });

        var last = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = Timestamp.FromDateTime(new DateTime(9999, 12, 30, 0, 0, 0, DateTimeKind.Utc)),
            To = Timestamp.FromDateTimeOffset(DateTimeOffset.MaxValue),
        });
        var first = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = Timestamp.FromDateTimeOffset(DateTimeOffset.MinValue),
            To = Timestamp.FromDateTime(new DateTime(1, 1, 8, 0, 0, 0, DateTimeKind.Utc)),
        });

        Assert.Equal(["9999-12-30T12:00:00", "9999-12-31T12:00:00"], last.Occurrences.Select(o => o.LocalStart));
        Assert.Equal(["0001-01-01T09:00:00", "0001-01-02T09:00:00", "0001-01-03T09:00:00"], first.Occurrences.Select(o => o.LocalStart));
    }
}
