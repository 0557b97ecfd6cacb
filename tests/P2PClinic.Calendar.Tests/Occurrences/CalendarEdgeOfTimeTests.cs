extern alias CalendarPlugin;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Storage;
using P2PClinic.Crdt;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Calendar.Tests.Occurrences;

/// <summary>
/// Wall clocks whose instant lies outside what DateTimeOffset holds (year 1 east of UTC, year 9999 west of it), and
/// ranges that start at the first representable instant: refused with the field named when written here, and
/// read leniently (never an unhandled exception) when a peer wrote them.
/// </summary>
public sealed class CalendarEdgeOfTimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0001-01-01T00:30", "Asia/Tokyo")]
    [InlineData("9999-12-31T23:00", "America/Los_Angeles")]
    public void AStartWhoseInstantIsOutOfRangeIsRefusedNamingStart(string start, string zone)
    {
        var draft = new Event { Title = "edge", Start = EventTime.Parse(start, "start"), TimeZone = zone };

        var error = Assert.Throws<EventValidationException>(() => EventValidator.Validate(draft));

        Assert.Equal("start", error.Field);
    }

    [Fact]
    public void AnEndWhoseInstantIsOutOfRangeIsRefusedNamingEnd()
    {
        var draft = new Event
        {
            Title = "edge",
            Start = EventTime.Parse("9999-12-31T10:00", "start"),
            End = EventTime.Parse("9999-12-31T23:00", "end"),
            TimeZone = "America/Los_Angeles",
        };

        var error = Assert.Throws<EventValidationException>(() => EventValidator.Validate(draft));

        Assert.Equal("end", error.Field);
    }

    [Fact]
    public void ARangeFromTheFirstRepresentableInstantListsARecurringEventWithoutFailing()
    {
        var e = EventValidator.Validate(new Event
        {
            Id = "daily",
            Title = "daily",
            Start = EventTime.Parse("2026-01-05T09:00", "start"),
            End = EventTime.Parse("2026-01-05T10:00", "end"),
            TimeZone = "Europe/Paris",
            RecurrenceRule = "FREQ=DAILY",
        });
        var expander = new OccurrenceExpander();

        var early = expander.Expand(Guid.NewGuid(), e, DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddDays(30)).ToList();
        var weekly = EventValidator.Validate(e with { RecurrenceRule = "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1" });
        var viaIcal = expander.Expand(Guid.NewGuid(), weekly, DateTimeOffset.MinValue, DateTimeOffset.MinValue.AddDays(30)).ToList();

        Assert.Empty(early);
        Assert.Empty(viaIcal);
    }

    [Fact]
    public void APeerWrittenEventAtTheEndOfTimeNeitherBreaksListingNorOccurrences()
    {
        var document = new InMemoryOrgDocument();
        var normal = EventValidator.Validate(new Event { Title = "normal", Start = EventTime.Parse("2026-03-02T09:00", "start"), TimeZone = "Europe/Paris" })
            with { Id = "normal", CreatedAt = T0, UpdatedAt = T0 };
        document.Doc.Transact(t => EventDocument.Create(t, normal));

        // What a peer without our validation could write: a daily series running into year 10000 in UTC.
        document.Doc.Transact(t =>
        {
            var entry = new YMap();
            t.Doc.GetMap(EventDocument.Root).Set("edge", entry);
            entry.Set("title", "edge");
            entry.Set("start", "9999-12-30T20:00:00");
            entry.Set("end", "9999-12-30T21:00:00");
            entry.Set("timeZone", "America/Los_Angeles");
            entry.Set("rrule", "FREQ=DAILY");
        });
        var calendar = new OrgCalendar(document, TimeProvider.System, new OccurrenceExpander());

        var (events, _, total) = calendar.List(50, "");
        var occurrences = calendar.Occurrences(new DateTimeOffset(9999, 12, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue);

        Assert.Equal(2, total);
        Assert.Equal(["normal", "edge"], events.Select(e => e.Id));
        Assert.Equal(new DateTimeOffset(9999, 12, 31, 4, 0, 0, TimeSpan.Zero), Assert.Single(occurrences).Start);
    }
}
