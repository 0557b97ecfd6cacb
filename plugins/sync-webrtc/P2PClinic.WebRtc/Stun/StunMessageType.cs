namespace P2PClinic.WebRtc.Stun;

/// <summary>The class of a STUN message (RFC 8489 section 5: bits C1 and C0 of the message type).</summary>
internal enum StunClass
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}

/// <summary>STUN methods used here (RFC 8489 section 18.2, TURN's in RFC 8656 section 17).</summary>
internal enum StunMethod : ushort
{
    Binding = 0x001,
    Allocate = 0x003,
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
}

/// <summary>Packs and unpacks the 14-bit message type of RFC 8489 section 5 (figure 3).</summary>
internal static class StunMessageType
{
    /// <summary>Interleaves the 12 method bits with the two class bits: M11..M7 C1 M6..M4 C0 M3..M0.</summary>
    public static ushort Encode(StunMethod method, StunClass cls)
    {
        var m = (int)method;
        var c = (int)cls;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 0b01) << 4) | ((c & 0b10) << 7));
    }

    public static StunMethod DecodeMethod(ushort type)
        => (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));

    public static StunClass DecodeClass(ushort type)
        => (StunClass)(((type >> 4) & 0b01) | ((type >> 7) & 0b10));
}
