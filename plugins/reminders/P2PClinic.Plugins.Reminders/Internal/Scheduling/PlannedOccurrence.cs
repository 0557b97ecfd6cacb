using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>One occurrence of a reminder with the time it comes due (its snooze time when snoozed).</summary>
/// <param name="Reminder">The reminder.</param>
/// <param name="Occurrence">The event's occurrence.</param>
/// <param name="DueAt">When it comes due.</param>
/// <param name="Snoozed">Whether <paramref name="DueAt"/> is the end of a snooze.</param>
internal sealed record PlannedOccurrence(Reminder Reminder, EventOccurrence Occurrence, DateTimeOffset DueAt, bool Snoozed)
{
    /// <summary>What a delivery is recorded under: a snooze that ends is a new due time, so it fires again.</summary>
    public DeliveryKey Key => new(Reminder.Id, Occurrence.OccurrenceId, DueAt);
}
