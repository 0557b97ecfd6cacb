namespace P2PClinic.WebRtc;

/// <summary>Which candidates a connection may use (W3C <c>RTCIceTransportPolicy</c>).</summary>
public enum RtcIceTransportPolicy
{
    /// <summary>Host, server-reflexive, peer-reflexive and relayed candidates.</summary>
    All,

    /// <summary>Relayed candidates only: the peer never learns this side's addresses, only the TURN server's.</summary>
    Relay,
}
