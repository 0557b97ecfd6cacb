namespace P2PClinic.WebRtc;

/// <summary>How a data channel is created (a subset of the W3C <c>RTCDataChannelInit</c>).</summary>
/// <param name="Ordered">Deliver messages in the order they were sent (RFC 8831 section 6.1).</param>
/// <param name="Id">When set, the channel is pre-negotiated on this stream id: both peers create it with the same id and no DCEP handshake is sent.</param>
/// <param name="Protocol">The sub-protocol name carried in the DCEP open message.</param>
public sealed record RtcDataChannelInit(bool Ordered = true, ushort? Id = null, string Protocol = "");
