namespace P2PClinic.Sdk.Api;

/// <summary>
/// A request field is invalid. <see cref="PluginCall"/> answers it with <c>InvalidArgument</c> and the message,
/// which starts with the field's proto path (e.g. <c>emails[1].value: is not an email address</c>). Plugins derive
/// their validation exceptions from it.
/// </summary>
public class InvalidFieldException : Exception
{
    /// <summary>Describes the problem.</summary>
    /// <param name="field">The field's proto path.</param>
    /// <param name="problem">What is wrong, as a phrase that follows the path.</param>
    public InvalidFieldException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
        Problem = problem;
    }

    /// <summary>The field's proto path.</summary>
    public string Field { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
