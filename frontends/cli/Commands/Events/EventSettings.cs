using System.ComponentModel;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>Options every event command has: which org.</summary>
internal class EventOrgSettings : NodeSettings
{
    [CommandOption("--in <ORG>")]
    [Description("The org (id or name). Default: the node's default org.")]
    public string? In { get; init; }
}

/// <summary>The fields <c>event add</c> and <c>event edit</c> take.</summary>
internal class EventFieldSettings : EventOrgSettings
{
    [CommandOption("--start <TIME>")]
    [Description("When it starts: \"2026-12-01 09:00\" (in --tz), 2026-12-01T09:00+01:00, \"tomorrow 09:00\", +1h; a date (2026-12-01) with --all-day.")]
    public string? Start { get; init; }

    [CommandOption("--end <TIME>")]
    [Description("When it ends, same forms as --start. All-day: the day after the last day, as in iCalendar.")]
    public string? End { get; init; }

    [CommandOption("--duration <LENGTH>")]
    [Description("How long it lasts instead of --end: 30m, 1h30m, 2d (whole days for all-day events).")]
    public string? Duration { get; init; }

    [CommandOption("--all-day")]
    [Description("An all-day event: --start (and --end) are dates.")]
    public bool AllDay { get; init; }

    [CommandOption("--tz <ZONE>")]
    [Description("The IANA time zone of the times given (Europe/Paris). Default: this machine's zone.")]
    public string? TimeZone { get; init; }

    [CommandOption("--location <TEXT>")]
    [Description("Where it takes place.")]
    public string? Location { get; init; }

    [CommandOption("--description <TEXT>")]
    [Description("A description.")]
    public string? Description { get; init; }

    [CommandOption("--attendee <WHO>")]
    [Description("An email (\"Ana Núñez <ana@example.org>\" names them) or a contact id. Repeat for several.")]
    public string[]? Attendees { get; init; }

    [CommandOption("--rrule <RULE>")]
    [Description("How it repeats, an iCalendar RRULE: \"FREQ=WEEKLY;BYDAY=MO\", \"FREQ=DAILY;COUNT=10\".")]
    public string? Rrule { get; init; }

    [CommandOption("--exdate <TIME>")]
    [Description("An occurrence left out of the repetition, by its start (same forms as --start). Repeat for several.")]
    public string[]? Exdates { get; init; }
}

internal sealed class EventAddSettings : EventFieldSettings
{
    [CommandArgument(0, "<title>")]
    [Description("The event's title.")]
    public string Title { get; init; } = "";
}

internal sealed class EventEditSettings : EventFieldSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The event's id.")]
    public string Id { get; init; } = "";

    [CommandOption("--title <TITLE>")]
    [Description("New title.")]
    public string? Title { get; init; }

    [CommandOption("--timed")]
    [Description("Make an all-day event a timed one (give --start with a time).")]
    public bool Timed { get; init; }

    [CommandOption("--clear <FIELD>")]
    [Description("Clear a field: end, location, description, attendees, rrule, exdates, recurrence, tz. Repeat for several.")]
    public string[]? Clear { get; init; }

    [CommandOption("--occurrence <ID>")]
    [Description("Change only this occurrence of a repeating event (its occurrence id, as `event list` shows it); it becomes an event of its own and the series leaves it out.")]
    public string? Occurrence { get; init; }
}

internal sealed class EventIdSettings : EventOrgSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The event's id.")]
    public string Id { get; init; } = "";
}

internal sealed class EventListSettings : EventOrgSettings
{
    [CommandOption("--from <TIME>")]
    [Description("The start of the range (inclusive). Default: now.")]
    public string? From { get; init; }

    [CommandOption("--to <TIME>")]
    [Description("The end of the range (exclusive). Default: 7 days after --from.")]
    public string? To { get; init; }

    [CommandOption("--tz <ZONE>")]
    [Description("The IANA time zone to read --from/--to in and to show times in. Default: this machine's zone.")]
    public string? TimeZone { get; init; }
}

internal sealed class EventImportSettings : EventOrgSettings
{
    [CommandArgument(0, "<file>")]
    [Description("The .ics file (iCalendar), or - to read standard input.")]
    public string File { get; init; } = "";
}

internal sealed class EventExportSettings : EventOrgSettings
{
    [CommandArgument(0, "[file]")]
    [Description("Where to write the .ics. Default: standard output.")]
    public string? File { get; init; }

    [CommandOption("--id <ID>")]
    [Description("Export only this event. Repeat for several. Default: all.")]
    public string[]? Ids { get; init; }
}
