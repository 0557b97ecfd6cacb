namespace P2PClinic.Sdk.Api;

/// <summary>
/// The request is well formed but the record's state refuses it (nothing due to snooze, a limit reached);
/// <see cref="PluginCall"/> answers it with <c>FailedPrecondition</c> and the message.
/// </summary>
public class RecordConflictException : Exception
{
    /// <summary>Describes the refusal.</summary>
    /// <param name="message">What the caller must change first.</param>
    public RecordConflictException(string message)
        : base(message)
    {
    }
}
