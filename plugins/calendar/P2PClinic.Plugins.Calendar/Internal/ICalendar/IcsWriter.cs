using System.Text;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using P2PClinic.Plugins.Calendar.Internal.Model;
using IcalAttendee = Ical.Net.DataTypes.Attendee;
using IcalCalendar = Ical.Net.Calendar;

namespace P2PClinic.Plugins.Calendar.Internal.ICalendar;

/// <summary>
/// Writes events as an iCalendar file (RFC 5545) with Ical.Net: one VEVENT per event (DTSTART/DTEND with TZID, or
/// VALUE=DATE for all-day events, RRULE, EXDATE, ATTENDEE, UID, CREATED, LAST-MODIFIED) and a VTIMEZONE for every
/// zone used, covering the events' dates. Attendees that are contacts are written as <c>urn:uuid:</c> addresses.
/// A changed occurrence of a repeating event (<see cref="ChangedInstances"/>) is written as RFC 5545 and other
/// clients record one: a VEVENT with the series' UID and a RECURRENCE-ID of its original start, the series without
/// that exception date.
/// </summary>
internal static class IcsWriter
{
    public const string ProductId = "-//P2P Clinic//Calendar//EN";

    /// <summary>About how many bytes a piece of <see cref="Pieces"/> holds (a piece ends after the event that reaches this).</summary>
    public const int PieceBytes = 1024 * 1024;

    private const string CalendarEnd = "END:VCALENDAR\r\n";

    /// <summary>The whole file in one string: the <see cref="Pieces"/> joined.</summary>
    public static string Write(IReadOnlyList<Event> events, DateTimeOffset now) =>
        string.Concat(Pieces(events, now).Select(p => p.Text));

    /// <summary>
    /// The file in pieces, so an export of any size is held a piece at a time: first the calendar's own lines and a
    /// VTIMEZONE for every zone used, then whole VEVENTs (about <paramref name="pieceBytes"/> UTF-8 bytes a piece),
    /// then END:VCALENDAR; each with how many events are written up to its end.
    /// </summary>
    public static IEnumerable<(string Text, int Written)> Pieces(IReadOnlyList<Event> events, DateTimeOffset now, int pieceBytes = PieceBytes)
    {
        // The calendar without its events: its header and zones, as Ical.Net writes them, minus the closing line.
        var head = new CalendarSerializer().SerializeToString(Header(events, now)) ?? "";
        var end = head.LastIndexOf(CalendarEnd, StringComparison.Ordinal);
        yield return (end >= 0 ? head[..end] : head, 0);

        var stamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId, true);
        var instances = ChangedInstances.Find(events);
        var serializer = new EventSerializer();
        var piece = new StringBuilder();
        var bytes = 0;
        var written = 0;
        foreach (var e in events)
        {
            var text = serializer.SerializeToString(ToComponent(e, stamp, instances)) ?? "";
            piece.Append(text);
            bytes += Encoding.UTF8.GetByteCount(text);
            written++;
            if (bytes >= pieceBytes)
            {
                yield return (piece.ToString(), written);
                piece.Clear();
                bytes = 0;
            }
        }

        piece.Append(CalendarEnd);
        yield return (piece.ToString(), written);
    }

    private static IcalCalendar Header(IReadOnlyList<Event> events, DateTimeOffset now)
    {
        var calendar = new IcalCalendar { ProductId = ProductId };
        foreach (var zone in events.Where(e => !e.IsAllDay && e.TimeZone.Length > 0).GroupBy(e => e.TimeZone, StringComparer.Ordinal))
        {
            // The zone's rules from the earliest event on, so every occurrence a client expands has its offsets; never
            // from later than now: Ical.Net builds the rules up to about a year from today and throws when asked to
            // start after that (a zone first used years ahead broke the whole export).
            var earliest = zone.Min(e => e.Start.ToDateTime());
            if (earliest > now.UtcDateTime)
            {
                earliest = now.UtcDateTime;
            }

            calendar.AddTimeZone(zone.Key, earliest, includeHistoricalData: false);
        }

        return calendar;
    }

    private static CalendarEvent ToComponent(Event e, CalDateTime stamp, ChangedInstances instances)
    {
        var tzId = TzIdOf(e);
        var component = new CalendarEvent
        {
            Uid = e.Uid.Length > 0 ? e.Uid : OrgCalendar.NewUid(e.Id),
            DtStamp = stamp,
            DtStart = ToCal(e.Start, e.IsAllDay, tzId),
        };
        if (instances.TryGetInstance(e, out var series, out var originalStart))
        {
            // The original start as the series states it (its zone, or a date): RFC 5545 section 3.8.4.4.
            component.Uid = series.Uid;
            component.RecurrenceIdentifier = new RecurrenceIdentifier(ToCal(originalStart, series.IsAllDay, TzIdOf(series)));
        }

        if (e.End is { } end)
        {
            component.DtEnd = ToCal(end, e.IsAllDay, tzId);
        }
        else if (e.IsAllDay)
        {
            component.DtEnd = new CalDateTime(e.Start.Date.AddDays(1));
        }

        if (e.Title.Length > 0)
        {
            component.Summary = e.Title;
        }

        if (e.Location.Length > 0)
        {
            component.Location = e.Location;
        }

        if (e.Description.Length > 0)
        {
            component.Description = e.Description;
        }

        if (e.RecurrenceRule.Length > 0)
        {
            component.RecurrenceRule = new RecurrencePattern(e.RecurrenceRule);
        }

        foreach (var exdate in instances.ExceptionDatesToWrite(e))
        {
            component.ExceptionDates.Add(ToCal(exdate.As(!e.IsAllDay), e.IsAllDay, tzId));
        }

        foreach (var attendee in e.Attendees)
        {
            var address = attendee.ContactId.Length > 0
                ? new Uri($"urn:uuid:{Guid.ParseExact(attendee.ContactId, "N"):D}")
                : new Uri($"mailto:{attendee.Email}");
            var written = new IcalAttendee(address);
            if (attendee.DisplayName.Length > 0)
            {
                written.CommonName = attendee.DisplayName;
            }

            component.Attendees.Add(written);
        }

        if (e.CreatedAt != default)
        {
            component.Created = new CalDateTime(e.CreatedAt.UtcDateTime, CalDateTime.UtcTzId, true);
        }

        if (e.UpdatedAt != default)
        {
            component.LastModified = new CalDateTime(e.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId, true);
        }

        return component;
    }

    private static string TzIdOf(Event e) => e.TimeZone.Length == 0 ? CalDateTime.UtcTzId : e.TimeZone;

    private static CalDateTime ToCal(EventTime time, bool isAllDay, string tzId) =>
        isAllDay ? new CalDateTime(time.Date) : new CalDateTime(time.Date, time.Time ?? TimeOnly.MinValue, tzId);
}
