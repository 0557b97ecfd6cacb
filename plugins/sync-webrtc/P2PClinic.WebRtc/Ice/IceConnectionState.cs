namespace P2PClinic.WebRtc.Ice;

/// <summary>The agent's view of connectivity (the W3C RTCIceConnectionState, simplified).</summary>
internal enum IceConnectionState
{
    New,
    Checking,
    Connected,

    /// <summary>Consent checks went unanswered for a while; the pair may still recover (RFC 7675).</summary>
    Disconnected,

    /// <summary>No pair could be selected, or consent expired (RFC 7675 section 5.1).</summary>
    Failed,
    Closed,
}
