using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Calendar.Tests.ICalendar;

namespace P2PClinic.Calendar.Tests.Node;

/// <summary>iCalendar import and export through a real node.</summary>
public sealed class CalendarImportTests(CalendarNodeFixture fixture) : IClassFixture<CalendarNodeFixture>
{
    private CalendarService.CalendarServiceClient Calendar => fixture.Calendar;

    private static Timestamp Utc(int year, int month, int day) => Timestamp.FromDateTime(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc));

    private async Task<List<Occurrence>> OccurrencesAsync(string org, Timestamp from, Timestamp to) =>
        [.. (await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest { OrgId = org, From = from, To = to })).Occurrences];

    [Fact]
    public async Task ImportingAGoogleExportStoresItsEventsWithTheMovedInstanceInPlace()
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org, IcsSamples.Google);

        var last = progress[^1];
        Assert.True(last.Done);
        Assert.Equal(3, last.TotalEvents);
        Assert.Equal(3, last.ProcessedEvents);
        Assert.Equal(3, last.Created);
        Assert.Equal(0, last.Failed);

        // Week of 5 January: Monday, (Wednesday excluded), Friday moved to 11:00 as its own event.
        var week = await OccurrencesAsync(org, Utc(2026, 1, 5), Utc(2026, 1, 10));
        Assert.Equal(
            [("Team sync", "2026-01-05T09:30:00"), ("Team sync (moved)", "2026-01-09T11:00:00")],
            week.Select(o => (o.Title, o.LocalStart)));
        var events = await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org });
        var master = events.Events.Single(e => e.Uid == "7kukuqrfedlm2f9t0pb0gn2ogn@google.com");
        Assert.Equal(["2026-01-07T09:30:00", "2026-01-09T09:30:00"], master.Recurrence.Exdates);
        Assert.Contains(events.Events, e => e.Uid == "7kukuqrfedlm2f9t0pb0gn2ogn@google.com#20260109T093000");
    }

    [Fact]
    public async Task ImportingTheSameFileAgainUpdatesInsteadOfDuplicating()
    {
        var org = await fixture.NewOrgAsync();
        await fixture.ImportAsync(org, IcsSamples.Outlook);

        var again = await fixture.ImportAsync(org, IcsSamples.Outlook.Replace("SUMMARY;LANGUAGE=en-us:Steering committee", "SUMMARY:Steering board", StringComparison.Ordinal));

        Assert.Equal(0, again[^1].Created);
        Assert.Equal(3, again[^1].Updated);
        var events = await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org });
        Assert.Equal(3, events.TotalSize);
        Assert.Contains(events.Events, e => e.Title == "Steering board");
    }

    [Fact]
    public async Task ExportThenImportIntoAnotherOrgGivesTheSameOccurrences()
    {
        var source = await fixture.NewOrgAsync();
        await fixture.ImportAsync(source, IcsSamples.Google);
        await fixture.ImportAsync(source, IcsSamples.Apple);
        await fixture.ImportAsync(source, IcsSamples.Outlook);

        var exported = await Calendar.ExportEventsAsync(new ExportEventsRequest { OrgId = source });
        var target = await fixture.NewOrgAsync();
        var progress = await fixture.ImportAsync(target, exported.Icalendar.ToStringUtf8());

        Assert.Equal(9, exported.Count);
        Assert.Equal(9, progress[^1].Created);
        Assert.Equal(0, progress[^1].Failed);
        var expected = await OccurrencesAsync(source, Utc(2024, 1, 1), Utc(2028, 1, 1));
        var actual = await OccurrencesAsync(target, Utc(2024, 1, 1), Utc(2028, 1, 1));
        Assert.True(expected.Count > 100);
        Assert.Equal(
            expected.Select(o => (o.Title, o.Start, o.End, o.LocalStart, o.TimeZone, o.AllDay)),
            actual.Select(o => (o.Title, o.Start, o.End, o.LocalStart, o.TimeZone, o.AllDay)));
    }

    [Fact]
    public async Task TheStreamingExportGivesTheHeaderAndZonesThenWholeEventsInPiecesThatJoinToTheOneMessageExport()
    {
        var org = await fixture.NewOrgAsync();
        var ics = new System.Text.StringBuilder("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\n");
        const int Count = 3_000;
        for (var i = 0; i < Count; i++)
        {
            ics.Append(System.Globalization.CultureInfo.InvariantCulture, $"BEGIN:VEVENT\r\nUID:stream-{i}\r\nDTSTART;TZID=Europe/Paris:20270104T090000\r\nSUMMARY:Event {i}\r\nDESCRIPTION:{new string('d', 500)}\r\nEND:VEVENT\r\n");
        }

        ics.Append("END:VCALENDAR\r\n");
        Assert.Equal(Count, (await fixture.ImportAsync(org, ics.ToString()))[^1].Created);

        using var call = Calendar.ExportEventsStream(new ExportEventsRequest { OrgId = org });
        var chunks = new List<ExportEventsChunk>();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            chunks.Add(chunk);
        }

        Assert.True(chunks.Count >= 3, $"{chunks.Count} piece(s)");
        Assert.All(chunks, c => Assert.Equal(Count, c.Total));
        Assert.Equal((0, Count), (chunks[0].Exported, chunks[^1].Exported));
        var head = chunks[0].Icalendar.ToStringUtf8();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", head, StringComparison.Ordinal);
        Assert.Contains("TZID:Europe/Paris\r\n", head, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN:VEVENT", head, StringComparison.Ordinal);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.StartsWith("BEGIN:VEVENT\r\n", c.Icalendar.ToStringUtf8(), StringComparison.Ordinal));
        Assert.EndsWith("END:VEVENT\r\nEND:VCALENDAR\r\n", chunks[^1].Icalendar.ToStringUtf8(), StringComparison.Ordinal);
        var joined = string.Concat(chunks.Select(c => c.Icalendar.ToStringUtf8()));
        var copy = await fixture.NewOrgAsync();
        var again = await fixture.ImportAsync(copy, joined);
        Assert.Equal((Count, 0), (again[^1].Created, again[^1].Failed));
        var whole = (await Calendar.ExportEventsAsync(new ExportEventsRequest { OrgId = org })).Icalendar.ToStringUtf8();
        Assert.Equal(Lines(whole).Where(l => !l.StartsWith("DTSTAMP", StringComparison.Ordinal)), Lines(joined).Where(l => !l.StartsWith("DTSTAMP", StringComparison.Ordinal)));
    }

    private static string[] Lines(string ics) => ics.Split("\r\n");

    [Fact]
    public async Task AnEventInLatin1IsReadAsWindows1252WithAWarningNamingTheEventAndLine()
    {
        var org = await fixture.NewOrgAsync();
        byte[] ics =
        [
            .. "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"u8,
            .. "BEGIN:VEVENT\r\nUID:utf8\r\nDTSTART:20270105T090000Z\r\nSUMMARY:Caf\u00e9\r\nEND:VEVENT\r\n"u8,
            .. "BEGIN:VEVENT\r\nUID:latin1\r\nDTSTART:20270106T090000Z\r\nSUMMARY:R"u8, 0xE9, .. "union \u00e0 M"u8, 0xFC, .. "nchen\r\nEND:VEVENT\r\n"u8,
            .. "END:VCALENDAR\r\n"u8,
        ];

        var progress = await fixture.ImportAsync(org, ics);

        Assert.Equal((2, 0), (progress[^1].Created, progress[^1].Failed));
        var warning = Assert.Single(progress.SelectMany(p => p.Warnings));
        Assert.Equal((2, 11), (warning.Event, warning.Line));
        Assert.StartsWith("line 11: not valid UTF-8, read as Windows-1252 (Latin-1): 'SUMMARY:R\u00e9union ", warning.Message, StringComparison.Ordinal);
        var titles = (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org })).Events.Select(e => e.Title);
        // The UTF-8 "à" on the Latin-1 line is two bytes read as two Windows-1252 characters: what a mixed line gives.
        Assert.Equal(["Caf\u00e9", "R\u00e9union \u00c3\u00a0 M\u00fcnchen"], titles);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\r\n\r\n")]
    [InlineData("\uFEFF")]
    public async Task AnEmptyFileIsRefusedWithOneErrorForTheFileAsAnEmptyVcfIs(string ics)
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org, ics);

        Assert.True(progress[^1].Done);
        Assert.Equal((0, 0, 1), (progress[^1].TotalEvents, progress[^1].Created, progress[^1].Failed));
        var error = Assert.Single(progress.SelectMany(p => p.Errors));
        Assert.Equal((0, 1, "line 1: the file is empty: no calendar (BEGIN:VCALENDAR ... END:VCALENDAR) in it"), (error.Event, error.Line, error.Message));
    }

    [Fact]
    public async Task ACalendarWithNoEventIsNotEmptyAndImportsNothingWithoutError()
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//tests//EN\r\nEND:VCALENDAR\r\n");

        Assert.Equal((0, 0, 0), (progress[^1].TotalEvents, progress[^1].Created, progress[^1].Failed));
        Assert.Empty(progress.SelectMany(p => p.Errors));
    }

    [Fact]
    public async Task ExportOfChosenIdsWritesOnlyThose()
    {
        var org = await fixture.NewOrgAsync();
        await fixture.ImportAsync(org, IcsSamples.Apple);
        var run = (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org })).Events.Single(e => e.Title == "Run");

        var exported = await Calendar.ExportEventsAsync(new ExportEventsRequest { OrgId = org, Ids = { run.Id } });

        Assert.Equal(1, exported.Count);
        var text = exported.Icalendar.ToStringUtf8();
        Assert.Contains("SUMMARY:Run\r\n", text, StringComparison.Ordinal);
        Assert.Contains("TZID:America/New_York", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Dinner", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileWithBadEventsImportsTheGoodOnesAndReportsEachBadOneWithItsLine()
    {
        var org = await fixture.NewOrgAsync();
        var ics = IcsSamples.Crlf(
            "BEGIN:VCALENDAR",                                  // 1
            "VERSION:2.0",                                      // 2
            "BEGIN:VEVENT",                                     // 3
            "UID:good-1",                                       // 4
            "DTSTART:20260105T090000Z",                         // 5
            "SUMMARY:Good",                                     // 6
            "END:VEVENT",                                       // 7
            "BEGIN:VEVENT",                                     // 8
            "UID:bad-rule",                                     // 9
            "DTSTART:20260105T090000Z",                         // 10
            "RRULE:FREQ=FORTNIGHTLY",                           // 11
            "END:VEVENT",                                       // 12
            "BEGIN:VEVENT",                                     // 13
            "UID:bad-zone",                                     // 14
            "DTSTART;TZID=Atlantis/Capital:20260105T090000",    // 15
            "END:VEVENT",                                       // 16
            "BEGIN:VEVENT",                                     // 17
            "UID:bad-email",                                    // 18
            "DTSTART:20260105T090000Z",                         // 19
            "ATTENDEE:mailto:nobody-at-example.org",            // 20
            "END:VEVENT",                                       // 21
            "BEGIN:VEVENT",                                     // 22
            "UID:good-2",                                       // 23
            "DTSTART;VALUE=DATE:20260106",                      // 24
            "SUMMARY:Also good",                                // 25
            "END:VEVENT",                                       // 26
            "END:VCALENDAR");

        var progress = await fixture.ImportAsync(org, ics);

        var last = progress[^1];
        Assert.Equal(5, last.TotalEvents);
        Assert.Equal(2, last.Created);
        Assert.Equal(3, last.Failed);
        var errors = progress.SelectMany(p => p.Errors).ToList();
        Assert.Equal([(2, 11), (3, 15), (4, 20)], errors.Select(e => (e.Event, e.Line)));
        Assert.All(errors, e => Assert.StartsWith($"line {e.Line}: ", e.Message, StringComparison.Ordinal));
        var stored = await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org });
        Assert.Equal(["good-1", "good-2"], stored.Events.Select(e => e.Uid).Order());
    }

    [Fact]
    public async Task AFileThatIsNotACalendarStoresNothingAndSaysWhy()
    {
        var org = await fixture.NewOrgAsync();

        var progress = await fixture.ImportAsync(org, "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n");

        Assert.True(progress[^1].Done);
        Assert.Equal(0, progress[^1].TotalEvents);
        var error = Assert.Single(progress.SelectMany(p => p.Errors));
        Assert.Equal(1, error.Line);
        Assert.Equal(0, (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org })).TotalSize);
    }
}
