using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>
/// Times a spring-forward change skips (Paris jumps from 02:00 to 03:00 on 29 March 2026): stored as RFC 5545 section
/// 3.3.5 reads them, moved forward by the gap, said so in the answer, and the same in every view.
/// </summary>
public sealed class CalendarTimeGapTests(CalendarNodeFixture fixture) : IClassFixture<CalendarNodeFixture>
{
    private CalendarService.CalendarServiceClient Calendar => fixture.Calendar;

    [Fact]
    public async Task AStartInTheGapIsStoredAnHourLaterReportedAndShownTheSameEverywhere()
    {
        var org = await fixture.NewOrgAsync();

        var created = await Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Night shift", Start = "2026-03-29T02:30", End = "2026-03-29T04:30", TimeZone = "Europe/Paris" },
        });

        var moved = Assert.Single(created.AdjustedTimes);
        Assert.Equal(("start", "2026-03-29T02:30:00", "2026-03-29T03:30:00"), (moved.Field, moved.Given, moved.Stored));
        Assert.Equal(("2026-03-29T03:30:00", "2026-03-29T04:30:00"), (created.Start, created.End));
        var got = await Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = created.Id });
        Assert.Equal(("2026-03-29T03:30:00", 0), (got.Start, got.AdjustedTimes.Count));
        var occurrence = (await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = org,
            From = Timestamp.FromDateTime(new DateTime(2026, 3, 28, 0, 0, 0, DateTimeKind.Utc)),
            To = Timestamp.FromDateTime(new DateTime(2026, 3, 30, 0, 0, 0, DateTimeKind.Utc)),
        })).Occurrences.Single();
        // 03:30 CEST is 01:30 UTC, and one hour long in both clocks.
        Assert.Equal(
            (new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), new DateTime(2026, 3, 29, 2, 30, 0, DateTimeKind.Utc), "2026-03-29T03:30:00", "2026-03-29T04:30:00"),
            (occurrence.Start.ToDateTime(), occurrence.End.ToDateTime(), occurrence.LocalStart, occurrence.LocalEnd));
        var exported = (await Calendar.ExportEventsAsync(new ExportEventsRequest { OrgId = org })).Icalendar.ToStringUtf8();
        Assert.Contains("DTSTART;TZID=Europe/Paris:20260329T033000\r\n", exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpdateMovingTheStartAndAnExdateIntoTheGapReportsBothAndATimeOutsideItNothing()
    {
        var org = await fixture.NewOrgAsync();
        var created = await Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Weekly", Start = "2026-03-22T09:00", TimeZone = "Europe/Paris", Recurrence = new Recurrence { Rrule = "FREQ=WEEKLY" } },
        });
        Assert.Empty(created.AdjustedTimes);

        var updated = await Calendar.UpdateEventAsync(new UpdateEventRequest
        {
            OrgId = org,
            Event = new Event { Id = created.Id, Start = "2026-03-22T02:15", Recurrence = new Recurrence { Exdates = { "2026-03-29T02:15" } } },
            UpdateMask = FieldMask.FromString("start,recurrence.exdates"),
        });

        Assert.Equal(
            [("recurrence.exdates[0]", "2026-03-29T02:15:00", "2026-03-29T03:15:00")],
            updated.AdjustedTimes.Select(a => (a.Field, a.Given, a.Stored)));
        Assert.Equal(("2026-03-22T02:15:00", "2026-03-29T03:15:00"), (updated.Start, updated.Recurrence.Exdates.Single()));
    }

    [Fact]
    public async Task AnImportedEventInTheGapIsStoredMovedWithAWarningNamingItsLine()
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org,
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:gap@tests\r\nDTSTART;TZID=Europe/Paris:20260329T023000\r\n" +
            "DTEND;TZID=Europe/Paris:20260329T033000\r\nSUMMARY:Gap\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");

        Assert.Equal((1, 0), (progress[^1].Created, progress[^1].Failed));
        var warning = Assert.Single(progress.SelectMany(p => p.Warnings));
        Assert.Equal((1, 5), (warning.Event, warning.Line));
        Assert.Equal("line 5: start 2026-03-29T02:30:00 does not exist in Europe/Paris (the clocks skip it); stored as 2026-03-29T03:30:00", warning.Message);
        var stored = (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org })).Events.Single();
        // The end was not in the gap; the event now has no length, as its instants had before.
        Assert.Equal(("2026-03-29T03:30:00", "2026-03-29T03:30:00"), (stored.Start, stored.End));
    }
}
