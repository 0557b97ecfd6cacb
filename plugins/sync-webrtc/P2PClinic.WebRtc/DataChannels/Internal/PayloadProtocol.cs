namespace P2PClinic.WebRtc.DataChannels.Internal;

/// <summary>SCTP payload protocol identifiers of WebRTC (RFC 8831 section 8, IANA "SCTP Payload Protocol Identifiers").</summary>
internal static class PayloadProtocol
{
    public const uint Dcep = 50;
    public const uint String = 51;
    public const uint Binary = 53;

    /// <summary>An empty string: sent as one ignored byte, since SCTP cannot carry empty user data (RFC 8831 section 6.6).</summary>
    public const uint StringEmpty = 56;

    /// <summary>An empty binary message, sent like <see cref="StringEmpty"/>.</summary>
    public const uint BinaryEmpty = 57;
}
