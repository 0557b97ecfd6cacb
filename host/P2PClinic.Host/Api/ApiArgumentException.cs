namespace P2PClinic.Host.Api;

/// <summary>A request field is invalid; becomes InvalidArgument naming the field (as in the proto).</summary>
internal sealed class ApiArgumentException : Exception
{
    public ApiArgumentException(string field, string problem)
        : base($"{field}: {problem}")
    {
        Field = field;
    }

    /// <summary>The proto field name, e.g. <c>name</c>.</summary>
    public string Field { get; }
}
