namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>One firing of a reminder: its occurrence at one due time.</summary>
/// <param name="ReminderId">The reminder.</param>
/// <param name="OccurrenceId">The occurrence.</param>
/// <param name="DueAt">When it came due (to the millisecond).</param>
internal readonly record struct DeliveryKey(string ReminderId, string OccurrenceId, DateTimeOffset DueAt)
{
    public DeliveryKey Normalized() => this with { DueAt = new DateTimeOffset(DueAt.UtcTicks - (DueAt.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero) };
}
