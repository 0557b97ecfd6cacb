using System.Net;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Ice;

internal enum StunTransactionKind
{
    /// <summary>A Binding request to a STUN server for a server-reflexive candidate.</summary>
    ServerQuery,

    /// <summary>A connectivity check (RFC 8445 section 7.2).</summary>
    Check,

    /// <summary>A consent freshness check on the selected pair (RFC 7675).</summary>
    Consent,
}

/// <summary>An outstanding STUN request and its retransmission schedule (RFC 8489 section 6.2.1).</summary>
internal sealed class StunTransaction(
    StunTransactionKind kind,
    byte[] packet,
    IPEndPoint destination,
    IceCandidatePair? pair,
    bool useCandidate,
    bool sentAsControlling,
    DateTimeOffset deadline,
    TimeSpan timeout,
    TurnAllocation? via = null)
{
    public StunTransactionKind Kind { get; } = kind;

    /// <summary>The exact bytes, resent unchanged on retransmission.</summary>
    public byte[] Packet { get; } = packet;

    public IPEndPoint Destination { get; } = destination;

    /// <summary>The TURN allocation the request went through (a relayed local candidate), or null for the socket itself.</summary>
    public TurnAllocation? Via { get; } = via;

    public IceCandidatePair? Pair { get; } = pair;

    public bool UseCandidate { get; } = useCandidate;

    public bool SentAsControlling { get; } = sentAsControlling;

    public DateTimeOffset Deadline { get; set; } = deadline;

    public TimeSpan Timeout { get; set; } = timeout;

    public int Transmissions { get; set; } = 1;
}
