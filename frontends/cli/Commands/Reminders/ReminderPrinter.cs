using P2PClinic.Api.Reminders.V1;
using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Reminders;

/// <summary>Prints reminders for people: times in this machine's zone.</summary>
internal static class ReminderPrinter
{
    public static int Print(NodeCall call, Reminder reminder, string verb)
    {
        if (call.Json)
        {
            call.Output.WriteJson(ReminderView.From(reminder, []), ReminderJson.Default.ReminderView);
            return ExitCodes.Ok;
        }

        var next = reminder.NextDueAt is { } due ? $"; next due {WallClock.Show(due.ToDateTimeOffset(), TimeZoneInfo.Local)}" : "";
        call.Output.WriteLine($"{verb} reminder {reminder.Id} of '{reminder.EventTitle}': {Trigger(reminder)}{next}.");
        return ExitCodes.Ok;
    }

    public static void Table(NodeCall call, IReadOnlyList<Reminder> reminders, ILookup<string, DueReminder> due, string whenEmpty) =>
        RecordPrinter.Table(
            call,
            reminders,
            whenEmpty,
            ["Id", "Event", "Reminds", "Next due", "State", "Event id"],
            r =>
            [
                r.Id,
                r.EventTitle.Length > 0 ? r.EventTitle : "(event gone)",
                Trigger(r),
                r.NextDueAt is { } next ? WallClock.Show(next.ToDateTimeOffset(), TimeZoneInfo.Local) : "",
                State(due[r.Id].ToList()),
                r.EventId,
            ]);

    /// <summary>One line for a reminder that came due: when, what, and the ids to dismiss or snooze it with.</summary>
    public static string Line(DueReminder d)
    {
        var marks = string.Concat(d.Late ? " (late)" : "", d.Snoozed ? " (snoozed)" : "", d.Redelivered ? " (again)" : "");
        var due = d.DueAt is null ? "" : WallClock.Show(d.DueAt.ToDateTimeOffset(), TimeZoneInfo.Local) + "  ";
        var starts = d.OccurrenceStart is null ? "" : $", starts {WallClock.Show(d.OccurrenceStart.ToDateTimeOffset(), TimeZoneInfo.Local)}";
        return $"{due}{d.EventTitle}{starts}{marks}  reminder {d.ReminderId} occurrence {d.OccurrenceId}";
    }

    private static string Trigger(Reminder r) => r.TriggerCase switch
    {
        Reminder.TriggerOneofCase.LeadTime when r.LeadTime.ToTimeSpan() == TimeSpan.Zero => "at the start",
        Reminder.TriggerOneofCase.LeadTime => $"{DurationOption.Format(r.LeadTime.ToTimeSpan())} before",
        Reminder.TriggerOneofCase.At => $"at {WallClock.Show(r.At.ToDateTimeOffset(), TimeZoneInfo.Local)} (occurrence {r.OccurrenceId})",
        _ => "",
    };

    /// <summary>What the API says of a reminder's state: its occurrences due now (and whether after a snooze), else nothing pending.</summary>
    private static string State(IReadOnlyList<DueReminder> due) => due.Count switch
    {
        0 => "",
        _ => string.Join(", ", due.Select(d => $"due {d.OccurrenceId}{(d.Snoozed ? " (snoozed)" : "")}")),
    };
}
