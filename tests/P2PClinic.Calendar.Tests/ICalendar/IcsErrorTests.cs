extern alias CalendarPlugin;
using System.Text;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.ICalendar;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Calendar.Tests.ICalendar;

/// <summary>A malformed .ics line is reported with its line number, and only its event is refused.</summary>
public sealed class IcsErrorTests
{
    private static string Calendar(params string[] eventLines) =>
        IcsSamples.Crlf(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", .. eventLines, "END:VCALENDAR"]);

    private static string[] Good(string uid) => ["BEGIN:VEVENT", $"UID:{uid}", "DTSTART:20260105T090000Z", "SUMMARY:fine", "END:VEVENT"];

    /// <summary>
    /// Imports the file into an in-memory org document; checks that exactly the two good events were stored and
    /// returns the one refusal.
    /// </summary>
    private static async Task<ImportError> ImportBadAsync(string ics)
    {
        var document = new InMemoryOrgDocument();
        var calendar = new OrgCalendar(document, TimeProvider.System, new OccurrenceExpander());
        var reports = new List<ImportProgress>();
        await EventImport.RunAsync(calendar, Encoding.UTF8.GetBytes(ics), p => { reports.Add(p); return Task.CompletedTask; }, CancellationToken.None);

        Assert.True(reports[^1].Done);
        Assert.Equal(["good1", "good2"], calendar.All().Select(e => e.Uid).Order());
        Assert.Equal(1, reports[^1].Failed);
        return Assert.Single(reports.SelectMany(r => r.Errors));
    }

    [Theory]
    [InlineData("this line has no colon", 11, "not an iCalendar content line")]
    [InlineData("DTSTART;TZID=Mars/Olympus:20260105T090000", 11, "TZID 'Mars/Olympus' is not a known time zone")]
    [InlineData("RRULE:FREQ=SOMETIMES", 11, "RRULE")]
    [InlineData("RRULE:FREQ=DAILY;COUNT=many", 11, "RRULE")]
    [InlineData("RDATE:20260110T090000Z", 11, "RDATE is not supported")]
    [InlineData("DTEND:20260105T080000Z", 11, "end:")]
    [InlineData("ATTENDEE;CN=Someone:mailto:not-an-address", 11, "attendees[0].email:")]
    [InlineData("ATTENDEE:tel:+33123456789", 11, "ATTENDEE")]
    [InlineData("EXDATE:yesterday", 11, "EXDATE")]
    [InlineData("DURATION:about an hour", 11, "DURATION")]
    public async Task ABadLineIsReportedWithItsNumberAndRefusesOnlyItsEvent(string badLine, int expectedLine, string expectedText)
    {
        // Lines 4-8: a good event; 9-10 the bad event's head; 11 the bad line; then its end and another good event.
        var ics = Calendar([.. Good("good1"), "BEGIN:VEVENT", "UID:bad", badLine, "DTSTART:20260105T090000Z", "END:VEVENT", .. Good("good2")]);
        if (badLine.StartsWith("DTSTART", StringComparison.Ordinal))
        {
            ics = ics.Replace("DTSTART:20260105T090000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:good2", "END:VEVENT\r\nBEGIN:VEVENT\r\nUID:good2", StringComparison.Ordinal);
        }

        var bad = await ImportBadAsync(ics);

        Assert.Equal(expectedLine, bad.Line);
        Assert.StartsWith($"line {expectedLine}: ", bad.Message, StringComparison.Ordinal);
        Assert.Contains(expectedText, bad.Message, StringComparison.Ordinal);
        Assert.Equal(2, bad.Event);
    }

    [Fact]
    public async Task AnEventWithoutDTSTARTIsRefusedAtItsFirstLine()
    {
        var bad = await ImportBadAsync(Calendar([.. Good("good1"), "BEGIN:VEVENT", "UID:bad", "SUMMARY:no start", "END:VEVENT", .. Good("good2")]));

        Assert.Equal(9, bad.Line);
        Assert.Contains("no DTSTART", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FoldedLinesReportTheLineTheyStartOn()
    {
        var bad = await ImportBadAsync(Calendar([.. Good("good1"), "BEGIN:VEVENT", "UID:bad", "DTSTART:20260105T090000Z", "RRULE:FREQ=DAILY;", " COUNT=x", "END:VEVENT", .. Good("good2")]));

        Assert.Equal(12, bad.Line);
    }

    [Fact]
    public void AnEventThatNeverEndsIsRefusedAndTheCalendarStillCloses()
    {
        var file = IcsFile.Parse(Calendar([.. Good("good1"), "BEGIN:VEVENT", "UID:bad", "DTSTART:20260105T090000Z"]));

        var read = file.Events.Select(b => IcsEventReader.Read(b, file)).ToList();

        Assert.Equal(2, read.Count);
        Assert.Null(read[0].Error);
        Assert.Equal(9, read[1].ErrorLine);
        Assert.Contains("no END:VEVENT", read[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TextThatIsNotACalendarIsAFileProblemOnLine1()
    {
        var file = IcsFile.Parse("BEGIN:VCARD\r\nFN:Ada\r\nEND:VCARD\r\n");

        Assert.Empty(file.Events);
        Assert.Contains(file.Problems, p => p.Line == 1 && p.Message.Contains("no BEGIN:VCALENDAR", StringComparison.Ordinal));
    }

    [Fact]
    public void AStrayMalformedLineBetweenEventsIsAFileProblemWithItsLine()
    {
        var file = IcsFile.Parse(Calendar([.. Good("good1"), "garbage between events", .. Good("good2")]));

        Assert.Equal(2, file.Events.Count);
        Assert.Equal(9, Assert.Single(file.Problems).Line);
    }
}
