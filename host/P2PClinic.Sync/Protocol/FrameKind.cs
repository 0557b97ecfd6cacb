namespace P2PClinic.Sync.Protocol;

/// <summary>
/// The first byte of every message on a link (docs/protocol.md, "Sync protocol: frames"). Kinds below 0x10 travel in
/// the clear and only before authentication; kinds from 0x10 are sealed and only after it.
/// </summary>
internal enum FrameKind : byte
{
    Hello = 0x01,
    Spake2Share = 0x02,
    Confirm = 0x03,
    Refuse = 0x04,

    /// <summary>The last (or only) piece of a y-protocols message.</summary>
    MessageFinal = 0x10,

    /// <summary>A piece of a y-protocols message that more pieces follow.</summary>
    MessagePart = 0x11,

    /// <summary>A sealed goodbye with a reason.</summary>
    Close = 0x12,
}

/// <summary>Why a peer refuses or closes a link (the code byte of Refuse and Close frames).</summary>
internal enum RefuseCode : byte
{
    /// <summary>No protocol version in common.</summary>
    Incompatible = 1,

    /// <summary>A frame broke the protocol (wrong kind for the state, bad size, failed seal).</summary>
    ProtocolError = 2,

    /// <summary>Too many failed handshakes for this org lately, or the mesh is full: try again later.</summary>
    TryLater = 3,

    /// <summary>The node leaves the org or stops.</summary>
    Leaving = 4,
}
