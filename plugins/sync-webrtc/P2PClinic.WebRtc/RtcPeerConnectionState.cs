namespace P2PClinic.WebRtc;

/// <summary>The life of a peer connection (a subset of the W3C <c>RTCPeerConnectionState</c>).</summary>
public enum RtcPeerConnectionState
{
    /// <summary>Nothing negotiated yet.</summary>
    New,

    /// <summary>ICE checks, the DTLS handshake or the SCTP association are under way.</summary>
    Connecting,

    /// <summary>Data channels can open and carry messages.</summary>
    Connected,

    /// <summary>The peer stopped answering consent checks for a few seconds; the connection may still recover.</summary>
    Disconnected,

    /// <summary>The connection could not be established, or consent expired (the peer is gone). Final.</summary>
    Failed,

    /// <summary>Closed by either side. Final.</summary>
    Closed,
}
