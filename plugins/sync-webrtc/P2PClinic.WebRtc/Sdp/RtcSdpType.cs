namespace P2PClinic.WebRtc;

/// <summary>Whether a session description is an offer or an answer (RFC 8829 section 4.1.8).</summary>
public enum RtcSdpType
{
    /// <summary>The first description of a negotiation.</summary>
    Offer,

    /// <summary>The reply to an offer.</summary>
    Answer,
}
