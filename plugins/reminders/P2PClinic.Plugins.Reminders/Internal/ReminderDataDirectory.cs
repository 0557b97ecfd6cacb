namespace P2PClinic.Plugins.Reminders.Internal;

/// <summary>The plugin's local folder (<c>PluginContext.DataDirectory</c>), where what this node delivered is recorded.</summary>
/// <param name="Path">The folder; created when first written.</param>
internal sealed record ReminderDataDirectory(string Path);
