namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>What a sealed signal carries. The values are on the wire (first plaintext byte).</summary>
internal enum SignalKind : byte
{
    /// <summary>A complete SDP offer (candidates gathered, no trickle).</summary>
    Offer = 1,

    /// <summary>The complete SDP answer to an offer with the same attempt id.</summary>
    Answer = 2,

    /// <summary>
    /// "I am here, offer to me": sent by a peer that finds, in the presence list, a peer it must wait for an offer
    /// from, so that the link forms at once instead of at the other's next presence poll. Carries no SDP.
    /// </summary>
    Knock = 3,
}
