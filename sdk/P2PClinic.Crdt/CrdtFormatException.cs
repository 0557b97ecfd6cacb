namespace P2PClinic.Crdt;

/// <summary>
/// The one exception that malformed, truncated or hostile encoded input raises. A document that
/// was handed such input is left exactly as it was.
/// </summary>
public sealed class CrdtFormatException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public CrdtFormatException()
        : base("The encoded CRDT data is malformed.")
    {
    }

    /// <summary>Creates the exception with a message saying what was wrong.</summary>
    public CrdtFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public CrdtFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
