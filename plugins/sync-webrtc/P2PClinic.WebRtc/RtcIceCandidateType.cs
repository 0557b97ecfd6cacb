namespace P2PClinic.WebRtc;

/// <summary>The kinds of ICE candidates (RFC 8445 section 5.1.1), as <c>typ</c> names them in SDP.</summary>
public enum RtcIceCandidateType
{
    /// <summary>An address of an interface of the machine (<c>host</c>).</summary>
    Host,

    /// <summary>The address a NAT maps us to, as a STUN or TURN server saw it (<c>srflx</c>).</summary>
    ServerReflexive,

    /// <summary>An address learned from a connectivity check (<c>prflx</c>).</summary>
    PeerReflexive,

    /// <summary>An address on a TURN server that relays for us (<c>relay</c>).</summary>
    Relayed,
}

/// <summary>The candidate pair a connection uses: what kind each end is, so a user can see why a link is slow.</summary>
/// <param name="Local">This side's candidate kind (<see cref="RtcIceCandidateType.Relayed"/>: through our TURN server).</param>
/// <param name="Remote">The peer's candidate kind.</param>
public sealed record RtcIcePath(RtcIceCandidateType Local, RtcIceCandidateType Remote)
{
    /// <summary>Relayed if either end is relayed, else the remote's kind: host (same network), srflx/prflx (through NATs).</summary>
    public RtcIceCandidateType Kind => Local == RtcIceCandidateType.Relayed || Remote == RtcIceCandidateType.Relayed ? RtcIceCandidateType.Relayed
        : Local == RtcIceCandidateType.Host ? Remote : Local;
}
