namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>A due reminder occurrence as watchers and ListDueReminders see it.</summary>
/// <param name="OrgId">The org.</param>
/// <param name="Planned">The occurrence and its due time.</param>
/// <param name="Late">It came due while the node was not running.</param>
/// <param name="Redelivered">A watcher received it before (sent again because a watcher asked for everything due).</param>
internal sealed record DueNotice(Guid OrgId, PlannedOccurrence Planned, bool Late, bool Redelivered);
