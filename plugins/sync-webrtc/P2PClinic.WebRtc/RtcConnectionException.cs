namespace P2PClinic.WebRtc;

/// <summary>A peer connection could not be established or was lost (ICE failure, DTLS failure, fingerprint mismatch).</summary>
public sealed class RtcConnectionException : Exception
{
    /// <summary>Creates the exception with a message that says what failed.</summary>
    public RtcConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public RtcConnectionException()
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public RtcConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
