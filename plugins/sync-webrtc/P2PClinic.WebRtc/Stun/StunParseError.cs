namespace P2PClinic.WebRtc.Stun;

/// <summary>Why a datagram is not an acceptable STUN message.</summary>
internal enum StunParseError
{
    None,

    /// <summary>Shorter than the 20-byte header, or the length field disagrees with the datagram.</summary>
    Truncated,

    /// <summary>The two top bits are not zero, the magic cookie is wrong, or the length is not a multiple of 4 (RFC 8489 section 5).</summary>
    NotStun,

    /// <summary>An attribute runs past the end of the message or has an impossible value.</summary>
    MalformedAttribute,

    /// <summary>The FINGERPRINT attribute is not last or its CRC does not match (RFC 8489 section 14.7).</summary>
    BadFingerprint,
}
