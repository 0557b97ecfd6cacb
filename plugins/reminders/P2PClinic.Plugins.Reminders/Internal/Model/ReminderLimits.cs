namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>The documented limits of reminders.proto and docs/reminders.md.</summary>
internal static class ReminderLimits
{
    /// <summary>The longest lead time: four weeks before an occurrence.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(28);

    /// <summary>The longest snooze.</summary>
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(28);

    /// <summary>
    /// How long an occurrence stays due (listed, and delivered late after the node was down) after its due time.
    /// Bounds the work at start and the local delivery record.
    /// </summary>
    public static readonly TimeSpan DueWindow = TimeSpan.FromDays(7);

    /// <summary>How far ahead a reminder's next due time is looked for when it is listed.</summary>
    public static readonly TimeSpan NextDueHorizon = TimeSpan.FromDays(28);

    /// <summary>Reminders one event may have.</summary>
    public const int MaxRemindersPerEvent = 100;

    /// <summary>Ids are the node's 32 hex characters, but peers may write others: anything longer is refused as input.</summary>
    public const int MaxIdLength = 128;
}
