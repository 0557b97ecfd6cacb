namespace P2PClinic.WebRtc.Ice;

/// <summary>Candidate types (RFC 8445 section 5.1.1) with their recommended type preferences (section 5.1.2.2).</summary>
internal enum IceCandidateType
{
    Host,
    ServerReflexive,
    PeerReflexive,

    /// <summary>Relayed (TURN). Not gathered yet, but parsed so the model is ready for it.</summary>
    Relayed,
}
