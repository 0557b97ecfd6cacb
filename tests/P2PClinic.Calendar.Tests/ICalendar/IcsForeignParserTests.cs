extern alias CalendarPlugin;
using System.Text.Json;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.ICalendar;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace P2PClinic.Calendar.Tests.ICalendar;

/// <summary>
/// Our .ics exports as others read them: Ical.Net loading the file (what most .NET clients do) and Mozilla's ical.js
/// (pinned in tests/vcard-oracle, a parser in another language that shares no code with ours), each field compared
/// with the event, and every occurrence Ical.Net expands compared with ours.
/// </summary>
public sealed class IcsForeignParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The hard cases: zones, all-day, weekly rule with exceptions, escapes and folding, non-ASCII, several attendees.</summary>
    private static readonly Event[] Corpus =
    [
        new()
        {
            Id = "e1",
            Uid = "sync-1@p2pclinic.test",
            Title = "Réunion d'équipe; salle 3, étage 2",
            Start = new EventTime(new DateOnly(2026, 3, 23), new TimeOnly(9, 30)),
            End = new EventTime(new DateOnly(2026, 3, 23), new TimeOnly(10, 15)),
            TimeZone = "Europe/Paris",
            Location = "Hôpital \\ Nord, bâtiment B",
            Description = "Ordre du jour:\n1. Budget; 2. Gardes, astreintes\n" + string.Concat(Enumerable.Repeat("Très long texte à plier 🗓️ ", 12)),
            RecurrenceRule = "FREQ=WEEKLY;COUNT=10;BYDAY=MO,TH",
            ExceptionDates = [new EventTime(new DateOnly(2026, 3, 30), new TimeOnly(9, 30)), new EventTime(new DateOnly(2026, 4, 2), new TimeOnly(9, 30))],
            Attendees = [new Attendee("", "ana@clinic.example", "Ana Núñez"), new Attendee("0f8fad5bd9cb469fa16570867728950e", "", "María José")],
            CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero),
        },
        new()
        {
            Id = "e2",
            Uid = "holiday-2@p2pclinic.test",
            Title = "Congrès à Valencia",
            Start = new EventTime(new DateOnly(2026, 5, 11), null),
            End = new EventTime(new DateOnly(2026, 5, 14), null),
            IsAllDay = true,
        },
        new()
        {
            Id = "e3",
            Uid = "tokyo-3@p2pclinic.test",
            Title = "東京の打ち合わせ",
            Start = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(18, 0)),
            End = new EventTime(new DateOnly(2026, 12, 1), new TimeOnly(19, 0)),
            TimeZone = "Asia/Tokyo",
            RecurrenceRule = "FREQ=MONTHLY;UNTIL=20270601T090000Z;BYMONTHDAY=1",
        },
        new()
        {
            Id = "e4",
            Uid = "utc-4@p2pclinic.test",
            Title = "UTC call",
            Start = new EventTime(new DateOnly(2026, 6, 1), new TimeOnly(23, 30)),
            End = new EventTime(new DateOnly(2026, 6, 2), new TimeOnly(0, 30)),
        },
    ];

    [Fact]
    public void ExportedCalendarLoadedByIcalNetHasEveryFieldAndTheSameOccurrences()
    {
        var text = IcsWriter.Write(Corpus, Now);

        var calendar = IcalCalendar.Load(text)!;

        Assert.Equal(Corpus.Length, calendar.Events.Count);
        Assert.Equal(["Asia/Tokyo", "Europe/Paris"], calendar.TimeZones.Select(z => z.TzId).Order());
        foreach (var (e, loaded) in Corpus.Zip(calendar.Events))
        {
            Assert.Equal(e.Uid, loaded.Uid);
            Assert.Equal(e.Title, loaded.Summary);
            Assert.Equal(NullIfEmpty(e.Location), loaded.Location);
            Assert.Equal(NullIfEmpty(e.Description), loaded.Description);
            Assert.Equal(e.IsAllDay, !loaded.DtStart!.HasTime);
            Assert.Equal(e.Start.ToDateTime(), loaded.DtStart.Value);
            Assert.Equal(e.End!.Value.ToDateTime(), loaded.DtEnd!.Value);
            Assert.Equal(e.IsAllDay ? null : e.TimeZone.Length == 0 ? "UTC" : e.TimeZone, loaded.DtStart.TzId);
            Assert.Equal(e.ExceptionDates.Select(d => d.ToDateTime()), loaded.ExceptionDates.GetAllDates().Select(d => d.Value));

            // Ical.Net 5.2.4 drops an ATTENDEE whose address is a urn:uuid: (a contact of the org), though RFC 5545
            // section 3.3.3 allows any URI; ical.js keeps it (see below). Clients built on Ical.Net lose contact
            // attendees of our exports: the mailto: ones are all there is to compare here.
            var byEmail = e.Attendees.Where(a => a.ContactId.Length == 0).ToList();
            Assert.Equal(byEmail.Select(a => $"mailto:{a.Email}"), loaded.Attendees.Select(a => a.Value!.OriginalString));
            Assert.Equal(byEmail.Select(a => a.DisplayName), loaded.Attendees.Select(a => a.CommonName));
            Assert.Equal(e.CreatedAt == default ? (DateTime?)null : e.CreatedAt.UtcDateTime, loaded.Created?.AsUtc);
            Assert.Equal(e.UpdatedAt == default ? (DateTime?)null : e.UpdatedAt.UtcDateTime, loaded.LastModified?.AsUtc);

            // Ical.Net's expansion of what it loaded (rule, exceptions, zone rules from the file) against ours.
            var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var to = new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero);
            var theirs = loaded.GetOccurrences(loaded.DtStart).Select(o => o.Period.StartTime)
                .Select(s => e.IsAllDay ? EventClock.ToInstant(new EventTime(s.Date, null), EventTimeZones.Zone(e.TimeZone)) : new DateTimeOffset(s.AsUtc, TimeSpan.Zero))
                .TakeWhile(s => s < to).ToList();
            var ours = new OccurrenceExpander().Expand(Guid.NewGuid(), e, from, to).Select(o => o.Start).ToList();
            Assert.Equal(theirs, ours);
        }
    }

    [Fact]
    public void ExportedCalendarExpandsWithTheExceptionsLeftOut()
    {
        var loaded = IcalCalendar.Load(IcsWriter.Write(Corpus, Now))!.Events[0]!;

        var starts = loaded.GetOccurrences(loaded.DtStart).Select(o => o.Period.StartTime.Value).ToList();

        // Ten by COUNT (RFC 5545 section 3.8.5.1: EXDATE removes from the set the rule made), two of them excluded.
        Assert.Equal(8, starts.Count);
        Assert.DoesNotContain(new DateTime(2026, 3, 30, 9, 30, 0), starts);
        Assert.DoesNotContain(new DateTime(2026, 4, 2, 9, 30, 0), starts);
    }

    [Fact]
    public async Task ExportedCalendarReadByIcaljsHasEveryField()
    {
        var text = IcsWriter.Write(Corpus, Now);

        var calendar = Assert.Single(await IcalJs.ParseAsync(text));

        Assert.Equal("vcalendar", calendar[0].GetString());
        var components = calendar[2].EnumerateArray().ToList();
        var events = components.Where(c => c[0].GetString() == "vevent").ToList();
        Assert.Equal(["Asia/Tokyo", "Europe/Paris"], components.Where(c => c[0].GetString() == "vtimezone").Select(z => Properties(z).Single(p => p.Name == "tzid").Text).Order());
        Assert.Equal(Corpus.Length, events.Count);
        foreach (var (e, component) in Corpus.Zip(events))
        {
            var properties = Properties(component);
            string? Text(string name) => properties.SingleOrDefault(p => p.Name == name)?.Text;
            Assert.Equal(e.Uid, Text("uid"));
            Assert.Equal(e.Title, Text("summary"));
            Assert.Equal(NullIfEmpty(e.Location), Text("location"));
            Assert.Equal(NullIfEmpty(e.Description), Text("description"));

            var start = properties.Single(p => p.Name == "dtstart");
            Assert.Equal(e.IsAllDay ? "date" : "date-time", start.Type);
            Assert.Equal(JcalTime(e.Start, e), start.Text);
            string[] zone = e.IsAllDay || e.TimeZone.Length == 0 ? [] : [e.TimeZone];
            Assert.Equal(zone, start.Parameter("tzid"));
            Assert.Equal(JcalTime(e.End!.Value, e), properties.Single(p => p.Name == "dtend").Text);
            Assert.Equal(e.ExceptionDates.Select(d => JcalTime(d, e)), properties.Where(p => p.Name == "exdate").SelectMany(p => p.Values));

            var rule = properties.SingleOrDefault(p => p.Name == "rrule");
            Assert.Equal(e.RecurrenceRule.Length > 0, rule is not null);
            if (rule is not null)
            {
                // jCal (RFC 7265 section 3.6.10) gives the rule as an object of its parts.
                var parts = rule.RawValues.Single().EnumerateObject().ToDictionary(p => p.Name.ToUpperInvariant(), p => p.Value.ValueKind == JsonValueKind.Array ? string.Join(',', p.Value.EnumerateArray()) : p.Value.ToString());
                var ourParts = e.RecurrenceRule.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
                Assert.Equal(ourParts.Keys.Order(), parts.Keys.Order());
                Assert.Equal(ourParts["FREQ"], parts["FREQ"]);
                Assert.Equal(ourParts.GetValueOrDefault("BYDAY"), parts.GetValueOrDefault("BYDAY"));
                Assert.Equal(ourParts.GetValueOrDefault("COUNT"), parts.GetValueOrDefault("COUNT"));
            }

            var attendees = properties.Where(p => p.Name == "attendee").ToList();
            Assert.Equal(e.Attendees.Select(a => a.ContactId.Length > 0 ? $"urn:uuid:{Guid.ParseExact(a.ContactId, "N"):D}" : $"mailto:{a.Email}"), attendees.Select(a => a.Text));
            Assert.Equal(e.Attendees.Select(a => a.DisplayName), attendees.Select(a => a.Parameter("cn").SingleOrDefault() ?? ""));
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static List<IcalJs.Property> Properties(JsonElement component) => [.. component[1].EnumerateArray().Select(IcalJs.Property.From)];

    /// <summary>jCal's form of a DATE or DATE-TIME (RFC 7265 section 3.6.4-5): dashes and colons, Z for UTC.</summary>
    private static string JcalTime(EventTime time, Event e)
        => e.IsAllDay ? time.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)
            : time.ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + (e.TimeZone.Length == 0 ? "Z" : "");
}
