namespace P2PClinic.WebRtc;

/// <summary>How a <see cref="RtcPeerConnection"/> gathers candidates and judges connectivity.</summary>
public sealed record RtcConfiguration
{
    /// <summary>
    /// STUN and TURN servers (<c>stun:</c> RFC 7064, <c>turn:</c> RFC 7065 with a username and credential); none by
    /// default. A string converts to a credential-less server, so <c>IceServers = ["stun:host"]</c> works.
    /// </summary>
    public IReadOnlyList<RtcIceServer> IceServers { get; init; } = [];

    /// <summary><see cref="RtcIceTransportPolicy.Relay"/>: gather, offer and use only relayed candidates.</summary>
    public RtcIceTransportPolicy IceTransportPolicy { get; init; } = RtcIceTransportPolicy.All;

    /// <summary>Gather only a 127.0.0.1 candidate and ignore remote candidates elsewhere (tests keep traffic on loopback).</summary>
    public bool LoopbackOnly { get; init; }

    /// <summary>The node's DTLS certificate; a fresh one is generated when null. Reuse one per node: it is its transport identity.</summary>
    public RtcCertificate? Certificate { get; init; }

    /// <summary>The largest message we accept, advertised as <c>a=max-message-size</c> (RFC 8841 section 6).</summary>
    public int MaxMessageSize { get; init; } = 262_144;

    /// <summary>Mean interval of consent checks (RFC 7675; 5 s there, 1 s here so that a lost peer is noticed quickly).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which the connection is reported <see cref="RtcPeerConnectionState.Disconnected"/>.</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Silence after which consent expires and the connection <see cref="RtcPeerConnectionState.Failed"/>.</summary>
    public TimeSpan FailedTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long ICE and DTLS together may take before the connection fails.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Nominate with every check instead of regular nomination (RFC 8445 section 8.1.1).</summary>
    public bool AggressiveNomination { get; init; }

    /// <summary>The clock for every timer (ICE pacing, consent, SCTP retransmission).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
