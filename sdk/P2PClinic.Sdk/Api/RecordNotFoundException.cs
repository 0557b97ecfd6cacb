namespace P2PClinic.Sdk.Api;

/// <summary>The org holds no such record; <see cref="PluginCall"/> answers it with <c>NotFound</c> and the message.</summary>
public class RecordNotFoundException : Exception
{
    /// <summary>Describes what is missing.</summary>
    /// <param name="message">E.g. <c>contact 0123… not found</c>.</param>
    public RecordNotFoundException(string message)
        : base(message)
    {
    }
}
