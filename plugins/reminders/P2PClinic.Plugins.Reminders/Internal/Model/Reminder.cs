namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>
/// A reminder of a calendar event: either a lead time before every occurrence of the event, or an absolute time
/// bound to one occurrence; with the occurrences the user dismissed or snoozed (synced through the org's document).
/// </summary>
/// <param name="Id">The reminder's id (32 hex characters).</param>
/// <param name="EventId">The event reminded of.</param>
/// <param name="LeadTime">Before each occurrence's start; null for an absolute reminder.</param>
/// <param name="At">The absolute due time; null for a lead-time reminder.</param>
/// <param name="OccurrenceId">The occurrence an absolute reminder is bound to; null for a lead-time reminder.</param>
/// <param name="Dismissed">Occurrence id → when it was dismissed.</param>
/// <param name="SnoozedUntil">Occurrence id → when it comes due again.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed (snoozes and dismissals included).</param>
internal sealed record Reminder(
    string Id,
    string EventId,
    TimeSpan? LeadTime,
    DateTimeOffset? At,
    string? OccurrenceId,
    IReadOnlyDictionary<string, DateTimeOffset> Dismissed,
    IReadOnlyDictionary<string, DateTimeOffset> SnoozedUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Whether it is an absolute reminder (bound to one occurrence) rather than a lead time.</summary>
    public bool IsAbsolute => At is not null;
}
