namespace P2PClinic.WebRtc;

/// <summary>A session description to carry to the peer over signaling, as in the W3C <c>RTCSessionDescriptionInit</c>.</summary>
/// <param name="Type">Offer or answer.</param>
/// <param name="Sdp">The SDP text (RFC 8866).</param>
public sealed record RtcSessionDescription(RtcSdpType Type, string Sdp);
