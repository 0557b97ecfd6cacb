using System.ComponentModel;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands.Reminders;

/// <summary>Options every reminder command has: which org.</summary>
internal class ReminderOrgSettings : NodeSettings
{
    [CommandOption("--in <ORG>")]
    [Description("The org (id or name). Default: the node's default org.")]
    public string? In { get; init; }
}

internal sealed class ReminderAddSettings : ReminderOrgSettings
{
    [CommandOption("--event <ID>")]
    [Description("The event to be reminded of (required).")]
    public string? Event { get; init; }

    [CommandOption("--before <LENGTH>")]
    [Description("How long before every occurrence starts: 15m, 1h, 2d, 1h30m (0m: at the start).")]
    public string? Before { get; init; }

    [CommandOption("--at <TIME>")]
    [Description("An exact time instead, for one occurrence: \"2026-12-01 08:30\" (this machine's zone), 2026-12-01T08:30+01:00, +10m.")]
    public string? At { get; init; }

    [CommandOption("--occurrence <ID>")]
    [Description("With --at: the occurrence (as event list shows it). Default for an event that does not repeat: its only one.")]
    public string? Occurrence { get; init; }
}

internal sealed class ReminderListSettings : ReminderOrgSettings
{
    [CommandOption("--event <ID>")]
    [Description("Only the reminders of this event. Default: all.")]
    public string? Event { get; init; }
}

internal sealed class ReminderIdSettings : ReminderOrgSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The reminder's id.")]
    public string Id { get; init; } = "";
}

internal class ReminderOccurrenceSettings : ReminderOrgSettings
{
    [CommandArgument(0, "<id>")]
    [Description("The reminder's id.")]
    public string Id { get; init; } = "";

    [CommandOption("--occurrence <ID>")]
    [Description("The occurrence (as reminder list or watch shows it). Default: every occurrence due now.")]
    public string? Occurrence { get; init; }
}

internal sealed class ReminderDismissSettings : ReminderOccurrenceSettings;

internal sealed class ReminderSnoozeSettings : ReminderOccurrenceSettings
{
    [CommandOption("--for <LENGTH>")]
    [Description("Remind again after this long: 10m, 1h, 1d.")]
    public string? For { get; init; }

    [CommandOption("--until <TIME>")]
    [Description("Remind again at this time instead: \"2026-12-01 08:50\", \"tomorrow 08:00\", +10m.")]
    public string? Until { get; init; }
}

internal sealed class ReminderWatchSettings : ReminderOrgSettings
{
    [CommandOption("--all-orgs")]
    [Description("Watch every org of the node (not with --in).")]
    public bool AllOrgs { get; init; }

    [CommandOption("--include-due")]
    [Description("First print every reminder due now, even those shown before.")]
    public bool IncludeDue { get; init; }
}
