namespace P2PClinic.WebRtc;

/// <summary>A session description or candidate that cannot be used: malformed, or missing what a data channel needs.</summary>
public sealed class RtcSdpException : FormatException
{
    /// <summary>Creates the exception with a message that names what is wrong.</summary>
    public RtcSdpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public RtcSdpException()
    {
    }

    /// <summary>Creates the exception with a message and the underlying cause.</summary>
    public RtcSdpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
