using System.Globalization;
using P2PClinic.Plugins.Calendar.Internal.Recurrence;

namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>Checks a whole event and returns it normalized (trimmed text, IANA zone, normalized RRULE).</summary>
internal static class EventValidator
{
    /// <exception cref="EventValidationException">A field is invalid; the message names it.</exception>
    public static Event Validate(Event e)
    {
        var title = Text(e.Title, "title", EventLimits.Title);
        // A location may take several lines (a venue, then its address), as Apple Calendar writes them.
        var location = Text(e.Location, "location", EventLimits.Location, multiline: true);
        var description = Text(e.Description, "description", EventLimits.Description, multiline: true);
        var uid = Text(e.Uid, "uid", EventLimits.Uid);

        var zoneId = "";
        if (e.TimeZone.Trim().Length > 0)
        {
            zoneId = EventTimeZones.ToIana(e.TimeZone)
                ?? throw new EventValidationException("time_zone", $"'{e.TimeZone}' is not a known IANA time zone (e.g. \"Europe/Paris\")");
        }

        if (e.Start == default)
        {
            throw new EventValidationException("start", "is required");
        }

        CheckForm(e.Start, e.IsAllDay, "start");
        var startInstant = Instant(e.Start, zoneId, "start");
        if (e.IsAllDay && e.End is null && e.Start.Date == DateOnly.MaxValue)
        {
            throw new EventValidationException("start", $"{e.Start} is the last day of the calendar: an all-day event needs the day after it");
        }

        if (e.End is { } end)
        {
            CheckForm(end, e.IsAllDay, "end");
            if (e.IsAllDay ? end.Date <= e.Start.Date : Instant(end, zoneId, "end") < startInstant)
            {
                throw new EventValidationException(
                    "end",
                    e.IsAllDay
                        ? $"{end} is not after the start {e.Start}: an all-day end is the day after the last day"
                        : $"{end} is before the start {e.Start}");
            }
        }

        if (e.Attendees.Count > EventLimits.Attendees)
        {
            throw new EventValidationException("attendees", $"has {e.Attendees.Count} entries; at most {EventLimits.Attendees}");
        }

        var attendees = e.Attendees.Select((a, i) => Attendee(a, $"attendees[{i}]")).ToList();

        var rule = e.RecurrenceRule.Trim().Length == 0 ? "" : RecurrenceRules.Normalize(e.RecurrenceRule, e.IsAllDay);
        if (e.ExceptionDates.Count > EventLimits.ExceptionDates)
        {
            throw new EventValidationException("recurrence.exdates", $"has {e.ExceptionDates.Count} entries; at most {EventLimits.ExceptionDates}");
        }

        for (var i = 0; i < e.ExceptionDates.Count; i++)
        {
            CheckForm(e.ExceptionDates[i], e.IsAllDay, $"recurrence.exdates[{i}]");
            _ = Instant(e.ExceptionDates[i], zoneId, $"recurrence.exdates[{i}]");
        }

        // A time a spring-forward change skips is stored as RFC 5545 reads it, so every view of it agrees (TimeGaps).
        var zone = EventTimeZones.Zone(zoneId);
        var validated = e with
        {
            Start = EventClock.OutOfGap(e.Start, zone),
            End = e.End is { } givenEnd ? EventClock.OutOfGap(givenEnd, zone) : null,
            Title = title,
            Location = location,
            Description = description,
            Uid = uid,
            TimeZone = zoneId,
            Attendees = attendees,
            RecurrenceRule = rule,
            ExceptionDates = [.. e.ExceptionDates.Select(d => EventClock.OutOfGap(d, zone)).Distinct().Order()],
        };
        if (rule.Length > 0)
        {
            OccurrenceExpander.CheckExpands(validated);
        }

        return validated;
    }

    /// <summary>The instant of a wall clock; refused (naming <paramref name="field"/>) when no DateTimeOffset can hold it.</summary>
    private static DateTimeOffset Instant(EventTime time, string zoneId, string field) =>
        EventClock.TryToInstant(time, EventTimeZones.Zone(zoneId), out var instant)
            ? instant
            : throw new EventValidationException(field, $"{time} in {(zoneId.Length == 0 ? "UTC" : zoneId)} is outside the range of times the calendar holds (years 1 to 9999 in UTC)");

    private static void CheckForm(EventTime time, bool isAllDay, string field)
    {
        if (isAllDay && time.HasTime)
        {
            throw new EventValidationException(field, $"'{time}' has a time, but the event is all-day: give a date (yyyy-MM-dd)");
        }

        if (!isAllDay && !time.HasTime)
        {
            throw new EventValidationException(field, $"'{time}' is a date, but the event is timed: give a date-time (yyyy-MM-ddTHH:mm) or set all_day");
        }
    }

    private static Attendee Attendee(Attendee attendee, string field)
    {
        var contactId = attendee.ContactId.Trim();
        var email = attendee.Email.Trim();
        var name = Text(attendee.DisplayName, field + ".display_name", EventLimits.DisplayName);
        if (contactId.Length > 0 == email.Length > 0)
        {
            throw new EventValidationException(field, "needs exactly one of contact_id and email");
        }

        if (contactId.Length > 0)
        {
            if (contactId.Length != 32 || !contactId.All(char.IsAsciiHexDigit))
            {
                throw new EventValidationException(field + ".contact_id", $"'{contactId}' is not a contact id (32 hex characters)");
            }

            return new Attendee(contactId.ToLowerInvariant(), "", name);
        }

        if (EmailAddress.Problem(email) is { } problem)
        {
            throw new EventValidationException(field + ".email", problem);
        }

        return new Attendee("", email, name);
    }

    private static string Text(string value, string field, int limit, bool multiline = false)
    {
        var text = value.Trim();
        if (text.Length > limit)
        {
            throw new EventValidationException(field, $"is {text.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {limit.ToString(CultureInfo.InvariantCulture)}");
        }

        foreach (var c in text)
        {
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                throw new EventValidationException(field, $"contains the control character U+{(int)c:X4}");
            }
        }

        return text;
    }
}
