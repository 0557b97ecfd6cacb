using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using NodaTime;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Plugins.Calendar.Internal.Recurrence;
using Attendee = P2PClinic.Plugins.Calendar.Internal.Model.Attendee;
using IcalCalendar = Ical.Net.Calendar;

namespace P2PClinic.Plugins.Calendar.Internal.ICalendar;

/// <summary>
/// Reads one VEVENT block into an event draft with Ical.Net (RFC 5545), after checking the block line by line so a
/// problem is reported with its line: content-line syntax, time zone ids (IANA, Windows ids as Outlook writes them,
/// VTIMEZONE X-LIC-LOCATION, and prefixed ids such as <c>/mozilla.org/…/Europe/Paris</c>), and every property
/// the calendar keeps.
/// </summary>
internal static class IcsEventReader
{
    /// <summary>Recurrence the calendar cannot keep; refusing the event is better than silently changing its dates.</summary>
    private static readonly string[] UnsupportedProperties = ["RDATE", "EXRULE"];

    public static IcsEvent Read(IcsBlock block, IcsFile file)
    {
        if (!block.IsClosed)
        {
            return IcsEvent.Failed(block, block.Line, "the event starting here has no END:VEVENT");
        }

        var lines = new List<IcsLine>(block.Lines.Count);
        foreach (var raw in block.Lines)
        {
            var line = raw;
            if (!line.IsWellFormed)
            {
                return IcsEvent.Failed(block, line.Number, $"'{IcsFile.Shorten(line.Text)}' is not an iCalendar content line (NAME:value)");
            }

            if (line.Parameter("TZID") is { } tzid)
            {
                var iana = ResolveTimeZone(tzid, file);
                if (iana is null)
                {
                    return IcsEvent.Failed(block, line.Number, $"TZID '{tzid}' is not a known time zone");
                }

                line = line.WithParameter("TZID", iana);
            }

            lines.Add(line);
        }

        var adjusted = new IcsBlock(block.Number, lines);
        foreach (var name in UnsupportedProperties)
        {
            if (adjusted.Find(name) is { } unsupported)
            {
                return IcsEvent.Failed(block, unsupported.Number, $"{name} is not supported (only RRULE and EXDATE)");
            }
        }

        var rules = adjusted.FindAll("RRULE").ToList();
        if (rules.Count > 1)
        {
            return IcsEvent.Failed(block, rules[1].Number, "a second RRULE: an event repeats by one rule");
        }

        // RRULE is read by RecurrenceRules (with its own messages), so Ical.Net never sees a malformed one.
        var component = Load(adjusted, out var loadError);
        if (component is null)
        {
            return IcsEvent.Failed(block, loadError!.Value.Line, loadError.Value.Message);
        }

        try
        {
            return Map(block, adjusted, component, rules.FirstOrDefault());
        }
        catch (IcsPropertyException e)
        {
            return IcsEvent.Failed(block, e.Line, e.Message);
        }
    }

    private static IcsEvent Map(IcsBlock original, IcsBlock block, CalendarEvent component, IcsLine? ruleLine)
    {
        var startLine = block.Find("DTSTART") ?? throw new IcsPropertyException(block.Line, "the event has no DTSTART");
        var start = component.DtStart ?? throw new IcsPropertyException(startLine.Number, $"DTSTART '{startLine.Value}' is not a date or date-time");
        var isAllDay = !start.HasTime;

        // A floating time (no TZID, no Z) belongs to no zone; the calendar reads it as UTC so every peer agrees.
        var zoneId = isAllDay || start.IsUtc || start.TzId is null ? "" : start.TzId;
        var zone = EventTimeZones.Zone(zoneId);
        var startTime = new EventTime(start.Date, isAllDay ? null : start.Time);

        EventTime? end = null;
        if (block.Find("DTEND") is { } endLine)
        {
            var dtEnd = component.DtEnd ?? throw new IcsPropertyException(endLine.Number, $"DTEND '{endLine.Value}' is not a date or date-time");
            end = isAllDay ? new EventTime(dtEnd.Date, null) : InZone(dtEnd, zoneId, zone, startTime);
        }
        else if (block.Find("DURATION") is { } durationLine)
        {
            var duration = component.Duration ?? throw new IcsPropertyException(durationLine.Number, $"DURATION '{durationLine.Value}' is not a duration (e.g. PT1H, P1D)");
            if (isAllDay)
            {
                var days = (duration.Weeks ?? 0) * 7 + (duration.Days ?? 0) + ((duration.Hours ?? 0) > 0 ? 1 : 0);
                end = days * duration.Sign <= 0 ? null : new EventTime(startTime.Date.AddDays(days * duration.Sign), null);
            }
            else
            {
                end = EventTime.FromDateTime(startTime.ToDateTime().Add(duration.ToTimeSpanUnspecified()));
            }
        }

        var rule = "";
        if (ruleLine is not null)
        {
            try
            {
                rule = RuleFor(ruleLine.Value ?? "", isAllDay, zone);
            }
            catch (EventValidationException e)
            {
                throw new IcsPropertyException(ruleLine.Number, $"RRULE: {e.Problem}");
            }
        }

        var exdates = new List<EventTime>();
        foreach (var exLine in block.FindAll("EXDATE"))
        {
            var before = exdates.Count;
            var parsed = Load(new IcsBlock(0, [new IcsLine(0, "BEGIN:VEVENT"), new IcsLine(0, "DTSTART:20000101T000000Z"), exLine, new IcsLine(0, "END:VEVENT")]), out _);
            foreach (var d in parsed?.ExceptionDates.GetAllDates() ?? [])
            {
                exdates.Add(isAllDay ? new EventTime(d.Date, null) : InZone(d, zoneId, zone, startTime));
            }

            if (exdates.Count == before)
            {
                throw new IcsPropertyException(exLine.Number, $"EXDATE '{exLine.Value}' is not a list of dates or date-times");
            }
        }

        var attendees = new List<Attendee>();
        foreach (var attendeeLine in block.FindAll("ATTENDEE"))
        {
            var value = (attendeeLine.Value ?? "").Trim();
            var name = Unescape(attendeeLine.Parameter("CN") ?? "");
            if (value.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase))
            {
                attendees.Add(new Attendee("", Uri.UnescapeDataString(value[7..]).Trim(), name));
            }
            else if (value.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(value[9..], out var contact))
            {
                attendees.Add(new Attendee(contact.ToString("N"), "", name));
            }
            else
            {
                throw new IcsPropertyException(attendeeLine.Number, $"ATTENDEE '{value}' is neither a mailto: address nor a contact (urn:uuid:)");
            }
        }

        EventTime? recurrenceId = null;
        if (block.Find("RECURRENCE-ID") is { } ridLine)
        {
            var rid = component.RecurrenceIdentifier?.StartTime ?? throw new IcsPropertyException(ridLine.Number, $"RECURRENCE-ID '{ridLine.Value}' is not a date or date-time");
            recurrenceId = isAllDay ? new EventTime(rid.Date, null) : InZone(rid, zoneId, zone, startTime);
        }

        var draft = new Event
        {
            Title = component.Summary ?? "",
            Start = startTime,
            End = end,
            IsAllDay = isAllDay,
            TimeZone = zoneId,
            Location = component.Location ?? "",
            Description = component.Description ?? "",
            Attendees = attendees,
            RecurrenceRule = rule,
            ExceptionDates = exdates,

            // Ical.Net invents a UID when there is none; only the file's own is worth keeping.
            Uid = Unescape(block.Find("UID")?.Value ?? "").Trim(),
            CreatedAt = component.Created is { } created && block.Find("CREATED") is not null ? new DateTimeOffset(created.AsUtc, TimeSpan.Zero) : default,
        };
        var cancelled = string.Equals(block.Find("STATUS")?.Value?.Trim(), "CANCELLED", StringComparison.OrdinalIgnoreCase);
        return new IcsEvent(original, draft, recurrenceId, cancelled, 0, null);
    }

    /// <summary>
    /// The RRULE as the calendar stores it. RFC 5545 wants UNTIL in UTC when the start has a zone; exports often
    /// give a date or a local time instead, which means the end of that day (or that time) in the event's zone.
    /// </summary>
    private static string RuleFor(string value, bool isAllDay, DateTimeZone zone)
    {
        var pattern = RecurrenceRules.Parse(value);
        if (!isAllDay && pattern.Until is { } until && !until.IsUtc)
        {
            var local = until.HasTime ? new EventTime(until.Date, until.Time) : new EventTime(until.Date, new TimeOnly(23, 59, 59));
            pattern.Until = new CalDateTime(EventClock.ToInstant(local, zone).UtcDateTime, CalDateTime.UtcTzId, true);
        }

        return RecurrenceRules.Normalize(pattern.ToString() ?? "", isAllDay);
    }

    /// <summary>A date-time of the file as a wall clock in the event's zone (converted when given in another zone or in UTC).</summary>
    private static EventTime InZone(CalDateTime value, string zoneId, DateTimeZone zone, EventTime start)
    {
        if (!value.HasTime)
        {
            return new EventTime(value.Date, start.Time ?? TimeOnly.MinValue);
        }

        var sameZone = value.IsUtc ? zoneId.Length == 0 : value.TzId is null || value.TzId == zoneId;
        return sameZone
            ? new EventTime(value.Date, value.Time)
            : EventClock.ToWallClock(new DateTimeOffset(value.AsUtc, TimeSpan.Zero), zone);
    }

    /// <summary>
    /// The TZID as an IANA id: an IANA or Windows id as such, else the VTIMEZONE's X-LIC-LOCATION, else the trailing
    /// segments of a prefixed id (<c>/mozilla.org/20050126_1/America/New_York</c>).
    /// </summary>
    internal static string? ResolveTimeZone(string tzid, IcsFile file)
    {
        var id = tzid.Trim().Trim('"');
        if (EventTimeZones.ToIana(id) is { } direct)
        {
            return direct;
        }

        if (file.TimeZones.TryGetValue(id, out var definition)
            && definition.Lines.FirstOrDefault(l => l.Name == "X-LIC-LOCATION")?.Value is { } location
            && EventTimeZones.ToIana(location.Trim()) is { } located)
        {
            return located;
        }

        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var take = Math.Min(3, segments.Length); take >= 1; take--)
        {
            if (EventTimeZones.ToIana(string.Join('/', segments[^take..])) is { } tail)
            {
                return tail;
            }
        }

        return null;
    }

    /// <summary>Parses a block with Ical.Net; when it fails, finds the first line that fails on its own and reports it.</summary>
    private static CalendarEvent? Load(IcsBlock block, out (int Line, string Message)? error)
    {
        error = null;
        var withoutRules = block.Lines.Where(l => l.Name != "RRULE").ToList();
        try
        {
            var calendar = IcalCalendar.Load(Wrap(withoutRules.Select(l => l.Text)));
            if (calendar?.Events.FirstOrDefault() is { } e)
            {
                return e;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Ical.Net throws many types (format, argument, serialization) and names no line: find it below.
            foreach (var line in withoutRules.Where(l => l.Name is not ("BEGIN" or "END")))
            {
                try
                {
                    IcalCalendar.Load(Wrap(["BEGIN:VEVENT", line.Text, "END:VEVENT"]));
                }
                catch (Exception lineError) when (lineError is not OutOfMemoryException)
                {
                    error = (line.Number, $"line {line.Number}: {line.Name} cannot be read: {lineError.Message}");
                    return null;
                }
            }

            error = (block.Line, $"line {block.Line}: the event cannot be read: {e.Message}");
            return null;
        }

        error = (block.Line, $"line {block.Line}: the event cannot be read");
        return null;
    }

    private static string Wrap(IEnumerable<string> lines) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//P2P Clinic//import//EN\r\n" + string.Join("\r\n", lines) + "\r\nEND:VCALENDAR\r\n";

    /// <summary>TEXT unescaping of RFC 5545 section 3.3.11 for values read straight from a line.</summary>
    private static string Unescape(string text) =>
        text.Replace("\\n", "\n", StringComparison.OrdinalIgnoreCase).Replace("\\,", ",", StringComparison.Ordinal)
            .Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>A property that cannot be read, with its line.</summary>
    private sealed class IcsPropertyException(int line, string problem) : Exception(problem)
    {
        public int Line { get; } = line;
    }
}
