extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.ICalendar;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;

namespace P2PClinic.Calendar.Tests.ICalendar;

/// <summary>Reading calendars exported by common clients, and writing them back so that they read the same.</summary>
public sealed class IcsRoundTripTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Every event of a file, validated, in file order; fails the test on any refusal.</summary>
    private static List<Event> Read(string ics)
    {
        var file = IcsFile.Parse(ics);
        Assert.Empty(file.Problems);
        var events = new List<Event>();
        foreach (var block in file.Events)
        {
            var read = IcsEventReader.Read(block, file);
            Assert.True(read.Error is null, read.Error);
            events.Add(EventValidator.Validate(read.Draft!) with { Id = $"e{block.Number}" });
        }

        return events;
    }

    private static List<(string Id, DateTimeOffset Start, DateTimeOffset End)> Occurrences(IEnumerable<Event> events)
    {
        var expander = new OccurrenceExpander();
        var org = Guid.NewGuid();
        return [.. events.SelectMany(e => expander.Expand(org, e, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero)))
            .Select(o => (o.Event.Uid, o.Start, o.End))];
    }

    private static void AssertSameEvents(IReadOnlyList<Event> expected, IReadOnlyList<Event> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e with { Attendees = [], ExceptionDates = [], Id = "", UpdatedAt = default }, a with { Attendees = [], ExceptionDates = [], Id = "", UpdatedAt = default });
            Assert.Equal(e.Attendees, a.Attendees);
            Assert.Equal(e.ExceptionDates, a.ExceptionDates);
        }
    }

    [Fact]
    public void AGoogleExportReadsWithZonesRulesExceptionsAttendeesAndEscapes()
    {
        var events = Read(IcsSamples.Google);

        Assert.Equal(3, events.Count);
        var sync = events[0];
        Assert.Equal("Team sync", sync.Title);
        Assert.Equal("2026-01-05T09:30:00", sync.Start.ToString());
        Assert.Equal("2026-01-05T10:00:00", sync.End.ToString());
        Assert.Equal("Europe/Paris", sync.TimeZone);
        Assert.Equal("FREQ=WEEKLY;UNTIL=20260630T073000Z;BYDAY=MO,WE,FR", sync.RecurrenceRule);
        Assert.Equal(["2026-01-07T09:30:00"], sync.ExceptionDates.Select(d => d.ToString()));
        Assert.Equal("Weekly sync.\nAgenda in the doc, as usual.", sync.Description);
        Assert.Equal("Salle Turing, 3e étage", sync.Location);
        Assert.Equal([new Attendee("", "ada@example.org", "Ada Lovelace"), new Attendee("", "grace@example.org", "grace@example.org")], sync.Attendees);
        Assert.Equal("7kukuqrfedlm2f9t0pb0gn2ogn@google.com", sync.Uid);
        Assert.Equal(new DateTimeOffset(2025, 12, 1, 9, 0, 0, TimeSpan.Zero), sync.CreatedAt);
        var holiday = events[2];
        Assert.True(holiday.IsAllDay);
        Assert.Equal("2026-12-24", holiday.Start.ToString());
        Assert.Equal("2026-12-26", holiday.End.ToString());
    }

    [Fact]
    public void AnAppleExportReadsWithLFLineEndsQuotedParametersAndDuration()
    {
        var events = Read(IcsSamples.Apple);

        Assert.Equal(["Dinner with Grace", "Ada's birthday", "Run"], events.Select(e => e.Title));
        Assert.Equal("Via Carota\n51 Grove St, New York", events[0].Location);
        Assert.Equal("America/New_York", events[0].TimeZone);
        Assert.True(events[1].IsAllDay);
        Assert.Equal("FREQ=YEARLY", events[1].RecurrenceRule);
        Assert.Equal("2026-03-01T07:45:00", events[2].End.ToString());
        Assert.Equal(10, Occurrences([events[2]]).Count);
    }

    [Fact]
    public void AnOutlookExportMapsWindowsZoneNamesToIANAIds()
    {
        var events = Read(IcsSamples.Outlook);

        Assert.Equal("Europe/Berlin", events[0].TimeZone);
        Assert.Equal("America/Los_Angeles", events[2].TimeZone);
        Assert.Equal([new Attendee("", "jane.doe@example.com", "Doe, Jane")], events[0].Attendees);
        Assert.Equal("Monthly steering committee. Minutes are circulated after each meeting.", events[0].Description);
        Assert.Equal("Steering committee", events[0].Title);
        Assert.True(events[1].IsAllDay);

        // Second Tuesdays at 10:00 Berlin time, ten of them.
        var steering = Occurrences([events[0]]);
        Assert.Equal(10, steering.Count);
        Assert.Equal(new DateTimeOffset(2026, 4, 14, 8, 0, 0, TimeSpan.Zero), steering[3].Start);

        // Thursdays 16:00 Pacific until 26 February 00:00Z: the 26th's call (00:00Z on the 27th) is past UNTIL.
        Assert.Equal(6, Occurrences([events[2]]).Count);
    }

    [Theory]
    [InlineData("Google")]
    [InlineData("Apple")]
    [InlineData("Outlook")]
    public void ExportThenImportGivesBackTheSameEventsAndOccurrences(string client)
    {
        var sample = client switch { "Google" => IcsSamples.Google, "Apple" => IcsSamples.Apple, _ => IcsSamples.Outlook };
        var events = Read(sample).Select(e => e with { CreatedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero) }).ToList();

        var written = IcsWriter.Write(events, Now);
        var back = Read(written);

        AssertSameEvents(events, back);
        Assert.Equal(Occurrences(events), Occurrences(back));
    }

    [Fact]
    public void ExportWritesAVTIMEZONEForEachZoneUsedAndCRLFLinesOfAtMost75Octets()
    {
        var events = Read(IcsSamples.Google).Concat(Read(IcsSamples.Apple)).Select((e, i) => e with { Id = $"x{i}" }).ToList();
        events[0] = events[0] with { Description = new string('é', 200) };

        var written = IcsWriter.Write(events, Now);

        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n", written, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n", written, StringComparison.Ordinal);
        Assert.Equal(2, written.Split("BEGIN:VTIMEZONE").Length - 1);
        Assert.DoesNotContain("\n", written.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.All(written.Split("\r\n"), line => Assert.True(System.Text.Encoding.UTF8.GetByteCount(line) <= 75, line));
        Assert.Contains("DTSTART;VALUE=DATE:20261224", written, StringComparison.Ordinal);
    }

    [Fact]
    public void PiecesAreTheHeaderWithZonesThenWholeEventsThenTheEndAndJoinToTheWholeFile()
    {
        var events = Read(IcsSamples.Google).Concat(Read(IcsSamples.Apple)).Concat(Read(IcsSamples.Outlook)).Select((e, i) => e with { Id = $"x{i}" }).ToList();

        var pieces = IcsWriter.Pieces(events, Now, pieceBytes: 1).ToList();

        Assert.Equal(string.Concat(pieces.Select(p => p.Text)), IcsWriter.Write(events, Now));
        Assert.Equal(events.Count + 2, pieces.Count);
        Assert.Equal(Enumerable.Range(0, events.Count + 1).Append(events.Count), pieces.Select(p => p.Written));
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", pieces[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("VEVENT", pieces[0].Text, StringComparison.Ordinal);
        Assert.All(pieces.Skip(1).SkipLast(1), p => Assert.Matches("^BEGIN:VEVENT\r\n(.*\r\n)*END:VEVENT\r\n$", p.Text));
        Assert.Equal("END:VCALENDAR\r\n", pieces[^1].Text);
        AssertSameEvents(events, Read(string.Concat(pieces.Select(p => p.Text))));
    }

    [Fact]
    public void ContactAttendeesTravelAsUrnUuidAddresses()
    {
        var e = new Event
        {
            Id = "c1",
            Title = "1:1",
            Start = new EventTime(new DateOnly(2026, 2, 2), new TimeOnly(10, 0)),
            Attendees = [new Attendee("0123456789abcdef0123456789abcdef", "", "Ada")],
            Uid = "c1@p2pclinic",
        };

        var written = IcsWriter.Write([e], Now);
        var back = Read(written).Single();

        Assert.Contains("urn:uuid:01234567-89ab-cdef-0123-456789abcdef", written, StringComparison.Ordinal);
        Assert.Equal(e.Attendees, back.Attendees);
    }

    [Theory]
    [InlineData(2028)]
    [InlineData(2035)]
    [InlineData(2100)]
    public void ExportOfEventsInZonesFirstUsedYearsAheadWorksBesideOthersAndReadsBack(int year)
    {
        // Exporting failed for the whole org ("The end parameter must be equal to or later than the start parameter")
        // once a zone's earliest event lay more than about a year ahead: Tokyo has no DST, Sydney has it.
        var events = new List<Event>
        {
            new() { Id = "t", Title = "Tokyo", Start = new EventTime(new DateOnly(year, 3, 10), new TimeOnly(9, 0)), End = new EventTime(new DateOnly(year, 3, 10), new TimeOnly(10, 0)), TimeZone = "Asia/Tokyo", Uid = "t@p2pclinic" },
            new() { Id = "s", Title = "Sydney", Start = new EventTime(new DateOnly(year, 1, 15), new TimeOnly(9, 0)), End = new EventTime(new DateOnly(year, 1, 15), new TimeOnly(10, 0)), TimeZone = "Australia/Sydney", Uid = "s@p2pclinic" },
            new() { Id = "p", Title = "Paris", Start = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(9, 0)), End = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(10, 0)), TimeZone = "Europe/Paris", Uid = "p@p2pclinic" },
        };

        var written = IcsWriter.Write(events, Now);
        var back = Read(written);

        Assert.Equal(["Paris", "Sydney", "Tokyo"], back.Select(e => e.Title).Order(StringComparer.Ordinal));
        Assert.Equal(
            Occurrences(events).Select(o => o.Start).Order(),
            Occurrences(back).Select(o => o.Start).Order());
        Assert.Contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n", written, StringComparison.Ordinal);
    }
}
