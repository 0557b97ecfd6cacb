namespace P2PClinic.WebRtc;

/// <summary>The life cycle of a data channel, as in the W3C <c>RTCDataChannelState</c>.</summary>
public enum RtcDataChannelState
{
    /// <summary>The channel waits for the SCTP association or for the peer's DCEP acknowledgement.</summary>
    Connecting,

    /// <summary>Messages can be sent and received.</summary>
    Open,

    /// <summary>A close was requested; the stream reset (RFC 8831 section 6.7) is under way.</summary>
    Closing,

    /// <summary>The channel is closed for good; its stream id may be reused.</summary>
    Closed,
}
