namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>The org holds no such reminder or event.</summary>
internal sealed class ReminderNotFoundException : Exception
{
    public ReminderNotFoundException(string message)
        : base(message)
    {
    }
}
