extern alias CalendarPlugin;
using System.Text;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Calendar.Tests.ICalendar;

/// <summary>The import pipeline in-process: encoding, batches and progress, changed and cancelled instances.</summary>
public sealed class EventImportTests
{
    private static async Task<(OrgCalendar Calendar, List<ImportProgress> Reports)> ImportAsync(byte[] ics)
    {
        var calendar = new OrgCalendar(new InMemoryOrgDocument(), TimeProvider.System, new OccurrenceExpander());
        var reports = new List<ImportProgress>();
        await EventImport.RunAsync(calendar, ics, p => { reports.Add(p); return Task.CompletedTask; }, CancellationToken.None);
        return (calendar, reports);
    }

    [Fact]
    public async Task AUTF8ByteOrderMarkIsAccepted()
    {
        var (calendar, reports) = await ImportAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(IcsSamples.Apple)]);

        Assert.Equal(3, reports[^1].Created);
        Assert.Contains(calendar.All(), e => e.Title == "Dinner with Grace");
    }

    [Fact]
    public async Task ProgressIsReportedPerBatchOf250AndEndsWithDone()
    {
        var lines = new List<string> { "BEGIN:VCALENDAR", "VERSION:2.0" };
        for (var i = 0; i < 600; i++)
        {
            lines.AddRange(["BEGIN:VEVENT", $"UID:e{i}", $"DTSTART:20260105T{i % 24:D2}0000Z", $"SUMMARY:event {i}", "END:VEVENT"]);
        }

        lines.Add("END:VCALENDAR");

        var (calendar, reports) = await ImportAsync(Encoding.UTF8.GetBytes(IcsSamples.Crlf([.. lines])));

        Assert.Equal([250, 500, 600, 600], reports.Select(r => r.ProcessedEvents));
        Assert.All(reports, r => Assert.Equal(600, r.TotalEvents));
        Assert.Equal([false, false, false, true], reports.Select(r => r.Done));
        Assert.Equal(600, calendar.All().Count);
    }

    [Fact]
    public async Task ACancelledInstanceOnlyAddsAnExceptionDateToItsSeries()
    {
        var ics = IcsSamples.Crlf(
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            "UID:series",
            "DTSTART;TZID=Europe/Paris:20260105T093000",
            "RRULE:FREQ=DAILY;COUNT=5",
            "SUMMARY:Daily",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:series",
            "RECURRENCE-ID;TZID=Europe/Paris:20260107T093000",
            "DTSTART;TZID=Europe/Paris:20260107T093000",
            "STATUS:CANCELLED",
            "SUMMARY:Daily",
            "END:VEVENT",
            "END:VCALENDAR");

        var (calendar, reports) = await ImportAsync(Encoding.UTF8.GetBytes(ics));

        var only = Assert.Single(calendar.All());
        Assert.Equal(["2026-01-07T09:30:00"], only.ExceptionDates.Select(d => d.ToString()));
        Assert.Equal(4, calendar.Occurrences(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)).Count);
        Assert.Equal(0, reports[^1].Failed);
    }
}
