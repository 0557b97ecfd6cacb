namespace P2PClinic.Sdk.Transport;

/// <summary>A transport could not do what was asked (join a room); the message says what to fix.</summary>
public sealed class PeerTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="message">What failed and, where it can, what to do about it.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public PeerTransportException(PeerTransportFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>The kind of failure.</summary>
    public PeerTransportFailure Failure { get; }
}
