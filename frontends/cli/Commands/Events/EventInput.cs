using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>Turns the options of <c>event add</c> and <c>event edit</c> into an event and the mask paths they set.</summary>
internal static class EventInput
{
    private static readonly Dictionary<string, string> ClearablePaths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["end"] = "end",
        ["location"] = "location",
        ["description"] = "description",
        ["attendees"] = "attendees",
        ["rrule"] = "recurrence.rrule",
        ["exdates"] = "recurrence.exdates",
        ["recurrence"] = "recurrence",
        ["tz"] = "time_zone",
        ["time_zone"] = "time_zone",
    };

    /// <summary>The event <c>event add</c> creates.</summary>
    public static Event ForAdd(EventAddSettings settings, DateTimeOffset now)
    {
        if (settings.Start is null)
        {
            throw new CliException("--start is required: when the event starts, e.g. --start \"2026-12-01 09:00\", or a date with --all-day", ExitCodes.Usage);
        }

        var zone = EventZone(settings.TimeZone, settings.AllDay);
        var schedule = new EventSchedule(settings.AllDay, zone ?? TimeZoneInfo.Utc, now);
        var created = new Event
        {
            Title = settings.Title,
            AllDay = settings.AllDay,
            TimeZone = zone is null ? "" : ZoneOption.IanaName(zone)!,
            Start = schedule.Point("--start", settings.Start),
        };
        created.End = End(settings, schedule, created.Start) ?? "";
        Describe(settings, created, schedule, []);
        return created;
    }

    /// <summary>
    /// The changes <c>event edit</c> sends, read against the event as it is now (<paramref name="current"/>): its
    /// all-day form and zone say how new times are written. Moving the start without a new end keeps the length.
    /// </summary>
    public static Event ForEdit(EventEditSettings settings, Event current, DateTimeOffset now, out List<string> paths)
    {
        if (settings.AllDay && settings.Timed)
        {
            throw new CliException("--all-day and --timed contradict each other; give one", ExitCodes.Usage);
        }

        var cleared = (settings.Clear ?? []).Select(field => ClearablePaths.TryGetValue(field.Trim(), out var path)
            ? path
            : throw new CliException($"--clear: unknown field '{field}'; use {string.Join(", ", ClearablePaths.Keys.Where(k => k != "time_zone"))}", ExitCodes.Usage)).ToList();
        if (cleared.Contains("end") && (settings.End is not null || settings.Duration is not null))
        {
            throw new CliException("--clear end contradicts --end/--duration; give one", ExitCodes.Usage);
        }

        var set = new List<string>();
        var allDay = settings.AllDay || (!settings.Timed && current.AllDay);
        var changed = new Event { Id = settings.Id };
        if (settings.Title is { } title)
        {
            changed.Title = title;
            set.Add("title");
        }

        if (allDay != current.AllDay)
        {
            if (settings.Start is null)
            {
                throw new CliException($"{(allDay ? "--all-day" : "--timed")} changes how the start is written: give --start too", ExitCodes.Usage);
            }

            changed.AllDay = allDay;
            set.Add("all_day");
        }

        TimeZoneInfo? zone;
        if (settings.TimeZone is not null)
        {
            zone = ZoneOption.Resolve("--tz", settings.TimeZone);
            changed.TimeZone = ZoneOption.IanaName(zone)!;
            set.Add("time_zone");
        }
        else
        {
            zone = current.TimeZone.Length > 0 ? ZoneOption.Resolve("the event's time zone", current.TimeZone) : null;
        }

        var schedule = new EventSchedule(allDay, zone ?? TimeZoneInfo.Utc, now);
        var start = current.Start;
        if (settings.Start is not null)
        {
            changed.Start = start = schedule.Point("--start", settings.Start);
            set.Add("start");
        }

        if (End(settings, schedule, start) is { } end)
        {
            changed.End = end;
            set.Add("end");
        }
        else if (allDay != current.AllDay)
        {
            // The old end is in the other form (a date for a time, or the reverse): it cannot stay.
            changed.End = "";
            set.Add("end");
        }
        else if (settings.Start is not null && !cleared.Contains("end") && schedule.KeepLength(current.Start, current.End, start) is { } kept)
        {
            changed.End = kept;
            set.Add("end");
        }

        Describe(settings, changed, schedule, set);
        set.AddRange(cleared);

        if (set.Count == 0)
        {
            throw new CliException("nothing to change: give at least one field option (e.g. --title, --start, --location) or --clear <field>", ExitCodes.Usage);
        }

        paths = [.. set.Distinct(StringComparer.Ordinal)];
        return changed;
    }

    /// <summary>The zone of a new event: timed events need an IANA zone; all-day events take one only when named or known.</summary>
    private static TimeZoneInfo? EventZone(string? name, bool allDay)
    {
        if (!allDay || name is not null)
        {
            return ZoneOption.Resolve("--tz", name);
        }

        // An all-day event's days begin at midnight in its zone (for reminders); a machine zone without an IANA
        // name cannot be stored, and then the days are UTC days, which the calendar allows.
        return ZoneOption.IanaName(TimeZoneInfo.Local) is null ? null : TimeZoneInfo.Local;
    }

    private static string? End(EventFieldSettings settings, EventSchedule schedule, string start)
    {
        if (settings.End is not null && settings.Duration is not null)
        {
            throw new CliException("give --end or --duration, not both", ExitCodes.Usage);
        }

        if (settings.End is not null)
        {
            return schedule.Point("--end", settings.End);
        }

        return settings.Duration is null ? null : schedule.EndAfter("--duration", start, DurationOption.Parse("--duration", settings.Duration));
    }

    private static void Describe(EventFieldSettings settings, Event target, EventSchedule schedule, List<string> paths)
    {
        if (settings.Location is not null)
        {
            target.Location = settings.Location;
            paths.Add("location");
        }

        if (settings.Description is not null)
        {
            target.Description = settings.Description;
            paths.Add("description");
        }

        if (settings.Attendees is { Length: > 0 } attendees)
        {
            target.Attendees.AddRange(attendees.Select(Attendee));
            paths.Add("attendees");
        }

        if (settings.Rrule is not null)
        {
            (target.Recurrence ??= new Recurrence()).Rrule = settings.Rrule.Trim();
            paths.Add("recurrence.rrule");
        }

        if (settings.Exdates is { Length: > 0 } exdates)
        {
            (target.Recurrence ??= new Recurrence()).Exdates.AddRange(exdates.Select(e => schedule.Point("--exdate", e)));
            paths.Add("recurrence.exdates");
        }
    }

    /// <summary>
    /// <c>ana@example.org</c> or <c>Ana Núñez &lt;ana@example.org&gt;</c> is an email (the node checks it); anything
    /// else is taken as a contact id (the node checks that too).
    /// </summary>
    private static Attendee Attendee(string option)
    {
        var text = option.Trim();
        if (text.Length == 0)
        {
            throw new CliException("--attendee: give an email or a contact id, not an empty value", ExitCodes.Usage);
        }

        var open = text.LastIndexOf('<');
        if (open >= 0 && text.EndsWith('>'))
        {
            return new Attendee { DisplayName = text[..open].Trim().Trim('"'), Email = text[(open + 1)..^1].Trim() };
        }

        return text.Contains('@', StringComparison.Ordinal) ? new Attendee { Email = text } : new Attendee { ContactId = text };
    }
}
