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
/// </summary>
internal static class IcsWriter
{
    public const string ProductId = "-//P2P Clinic//Calendar//EN";

    public static string Write(IReadOnlyList<Event> events, DateTimeOffset now)
    {
        var calendar = new IcalCalendar { ProductId = ProductId };
        var stamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId, true);
        foreach (var e in events)
        {
            calendar.Events.Add(ToComponent(e, stamp));
        }

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

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent ToComponent(Event e, CalDateTime stamp)
    {
        var tzId = e.TimeZone.Length == 0 ? CalDateTime.UtcTzId : e.TimeZone;
        var component = new CalendarEvent
        {
            Uid = e.Uid.Length > 0 ? e.Uid : OrgCalendar.NewUid(e.Id),
            DtStamp = stamp,
            DtStart = ToCal(e.Start, e.IsAllDay, tzId),
        };
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

        foreach (var exdate in e.ExceptionDates)
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

    private static CalDateTime ToCal(EventTime time, bool isAllDay, string tzId) =>
        isAllDay ? new CalDateTime(time.Date) : new CalDateTime(time.Date, time.Time ?? TimeOnly.MinValue, tzId);
}
