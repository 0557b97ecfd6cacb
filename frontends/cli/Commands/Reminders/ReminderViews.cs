using System.Text.Json.Serialization;
using P2PClinic.Api.Reminders.V1;

namespace P2PClinic.Cli.Commands.Reminders;

/// <summary>
/// A reminder as <c>--json</c> prints it: the CLI's own stable shape. Exactly one of <c>leadTimeSeconds</c> (before
/// every occurrence) and <c>at</c> (one occurrence) is set. <c>due</c> lists its occurrences due now.
/// </summary>
internal sealed record ReminderView(
    string Id,
    string EventId,
    string EventTitle,
    double? LeadTimeSeconds,
    DateTimeOffset? At,
    string OccurrenceId,
    DateTimeOffset? NextDueAt,
    IReadOnlyList<DueReminderView> Due,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static ReminderView From(Reminder r, IReadOnlyList<DueReminder> due) => new(
        r.Id,
        r.EventId,
        r.EventTitle,
        r.TriggerCase == Reminder.TriggerOneofCase.LeadTime ? r.LeadTime.ToTimeSpan().TotalSeconds : null,
        r.TriggerCase == Reminder.TriggerOneofCase.At ? r.At.ToDateTimeOffset() : null,
        r.OccurrenceId,
        r.NextDueAt?.ToDateTimeOffset(),
        [.. due.Select(DueReminderView.From)],
        r.CreatedAt?.ToDateTimeOffset(),
        r.UpdatedAt?.ToDateTimeOffset());
}

/// <summary>One due occurrence of a reminder, as <c>reminder watch --json</c> prints it (one per line).</summary>
internal sealed record DueReminderView(
    string OrgId,
    string ReminderId,
    string EventId,
    string OccurrenceId,
    string EventTitle,
    DateTimeOffset? OccurrenceStart,
    DateTimeOffset? OccurrenceEnd,
    DateTimeOffset? DueAt,
    bool Late,
    bool Snoozed,
    bool Redelivered)
{
    public static DueReminderView From(DueReminder d) => new(
        d.OrgId,
        d.ReminderId,
        d.EventId,
        d.OccurrenceId,
        d.EventTitle,
        d.OccurrenceStart?.ToDateTimeOffset(),
        d.OccurrenceEnd?.ToDateTimeOffset(),
        d.DueAt?.ToDateTimeOffset(),
        d.Late,
        d.Snoozed,
        d.Redelivered);
}

/// <summary>What dismiss and snooze did: the occurrences they touched (and, for snooze, when they come due again).</summary>
internal sealed record ReminderActionView(string ReminderId, IReadOnlyList<string> OccurrenceIds, DateTimeOffset? Until);

/// <summary>The JSON the reminder commands print.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ReminderView))]
[JsonSerializable(typeof(IReadOnlyList<ReminderView>))]
[JsonSerializable(typeof(ReminderActionView))]
internal sealed partial class ReminderJson : JsonSerializerContext;

/// <summary>JSON lines for <c>reminder watch --json</c>: one compact object per line, so a script reads them as they come.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DueReminderView))]
internal sealed partial class ReminderLineJson : JsonSerializerContext;
