using System.Net;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Ice;

/// <summary>Settings of an ICE agent (RFC 8445) and its consent freshness (RFC 7675).</summary>
internal sealed record IceAgentOptions
{
    /// <summary>Gather only a 127.0.0.1 host candidate and bind the socket there (tests keep all traffic on loopback).</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>STUN servers asked for server-reflexive candidates (RFC 8445 section 5.1.1.2).</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>TURN servers asked for relayed candidates (RFC 8445 section 5.1.1.2, RFC 8656), with their credentials.</summary>
    public IReadOnlyList<TurnServer> TurnServers { get; init; } = [];

    /// <summary>Offer and use relayed candidates only (the W3C <c>iceTransportPolicy: "relay"</c>): peers never learn our addresses.</summary>
    public bool RelayOnly { get; init; }

    /// <summary>Timings of the TURN client.</summary>
    public TurnClientOptions TurnClient { get; init; } = new();

    /// <summary>How long gathering waits for STUN servers before giving up on them.</summary>
    public TimeSpan GatheringTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Ta, the pacing of new checks (RFC 8445 section 14.2: 50 ms by default).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First retransmission timeout of a check; it doubles on every retry (RFC 8489 section 6.2.1).</summary>
    public TimeSpan CheckRetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Rc, the transmissions of one check before its pair fails (RFC 8489 section 6.2.1 suggests 7).</summary>
    public int MaxCheckTransmissions { get; init; } = 7;

    /// <summary>Nominate with every check (aggressive) rather than after the checks found a valid pair (regular, RFC 8445 section 8.1.1).</summary>
    public bool AggressiveNomination { get; init; }

    /// <summary>Regular nomination: how long the controlling agent waits after the first valid pair for better ones.</summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Give up when no pair was selected within this time.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Mean interval of consent checks on the selected pair. RFC 7675 section 5.1 says 5 s; we default to
    /// 1 s so that a vanished peer is noticed within seconds, which the product needs.
    /// </summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Without an answer to consent checks for this long, the connection is reported disconnected (it may recover).</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Consent expires after this long without an answer (RFC 7675 section 5.1 says 30 s): the connection fails.</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(8);

    internal void Validate()
    {
        if (CheckInterval <= TimeSpan.Zero || CheckRetransmissionTimeout <= TimeSpan.Zero || ConsentInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CheckInterval), "ICE intervals must be positive.");
        }

        if (MaxCheckTransmissions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCheckTransmissions), MaxCheckTransmissions, "A check is sent at least once.");
        }

        if (DisconnectedTimeout <= ConsentInterval || ConsentTimeout < DisconnectedTimeout)
        {
            throw new ArgumentOutOfRangeException(nameof(ConsentTimeout), "Need ConsentInterval < DisconnectedTimeout <= ConsentTimeout.");
        }
    }
}
