namespace P2PClinic.WebRtc;

/// <summary>A trickled ICE candidate, as in the W3C <c>RTCIceCandidateInit</c>.</summary>
/// <param name="Candidate">The attribute value, e.g. <c>candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host</c> (RFC 8839 section 5.1).</param>
/// <param name="SdpMid">The media section it belongs to; data channels have a single one.</param>
public sealed record RtcIceCandidate(string Candidate, string? SdpMid = null);
