namespace P2PClinic.WebRtc.Ice;

/// <summary>Check states of a candidate pair (RFC 8445 section 6.1.2.6).</summary>
internal enum IceCandidatePairState
{
    Frozen,
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}

/// <summary>A local and a remote candidate, checked together (RFC 8445 section 6.1.2).</summary>
internal sealed class IceCandidatePair(IceCandidate local, IceCandidate remote)
{
    public IceCandidate Local { get; } = local;

    public IceCandidate Remote { get; } = remote;

    public IceCandidatePairState State { get; set; } = IceCandidatePairState.Frozen;

    /// <summary>A check on this pair succeeded: it is in the valid list (RFC 8445 section 7.2.5.3.2).</summary>
    public bool IsValid => State == IceCandidatePairState.Succeeded;

    /// <summary>The pair was nominated (section 8.1.1): with a valid check, the controlled agent may select it.</summary>
    public bool Nominated { get; set; }

    /// <summary>The controlled agent got USE-CANDIDATE for this pair before its own check succeeded (section 7.3.1.5).</summary>
    public bool NominatedByPeer { get; set; }

    /// <summary>The foundation of the pair: both candidates' foundations (section 6.1.2.6).</summary>
    public string Foundation => Local.Foundation + ":" + Remote.Foundation;

    /// <summary>
    /// Pair priority (RFC 8445 section 6.1.2.3): 2^32*MIN(G,D) + 2*MAX(G,D) + (G&gt;D?1:0), with G the controlling and D the
    /// controlled agent's candidate priority.
    /// </summary>
    public ulong Priority(bool localIsControlling)
    {
        ulong g = localIsControlling ? Local.Priority : Remote.Priority;
        ulong d = localIsControlling ? Remote.Priority : Local.Priority;
        return ((ulong)Math.Min(g, d) << 32) + (2 * Math.Max(g, d)) + (g > d ? 1UL : 0UL);
    }

    public override string ToString() => $"{Local.EndPoint} -> {Remote.EndPoint} ({Remote.Type}, {State}{(Nominated ? ", nominated" : string.Empty)})";
}
