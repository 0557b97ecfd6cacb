using P2PClinic.Sdk.Api;

namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>The org holds no such reminder or event.</summary>
internal sealed class ReminderNotFoundException(string message) : RecordNotFoundException(message);
