using P2PClinic.Sdk.Api;

namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>The request is well formed but the reminder's state refuses it (nothing due to snooze, occurrence dismissed, too many reminders).</summary>
internal sealed class ReminderConflictException(string message) : RecordConflictException(message);
