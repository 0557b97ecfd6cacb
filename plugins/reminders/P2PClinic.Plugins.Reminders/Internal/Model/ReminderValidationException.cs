namespace P2PClinic.Plugins.Reminders.Internal.Model;

/// <summary>A request field is invalid; the message starts with the field's proto name (e.g. <c>lead_time</c>).</summary>
internal sealed class ReminderValidationException : Exception
{
    public ReminderValidationException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    public string Field { get; }

    public string Problem { get; }
}
