namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>An event field is invalid; the message starts with the field's proto path (e.g. <c>attendees[1].email</c>).</summary>
internal sealed class EventValidationException : Exception
{
    public EventValidationException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    public string Field { get; }

    public string Problem { get; }
}
