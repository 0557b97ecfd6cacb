namespace P2PClinic.WebRtc.Sctp;

/// <summary>Settings of one SCTP association over DTLS (RFC 8261, RFC 9260).</summary>
internal sealed record SctpAssociationOptions
{
    /// <summary>Our SCTP port (SDP <c>a=sctp-port</c>, RFC 8841 section 5; 5000 by default).</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>The peer's SCTP port.</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>True when this side is the DTLS client: it then uses even stream ids (RFC 8832 section 6).</summary>
    public bool IsDtlsClient { get; init; }

    /// <summary>The largest message we send: the smaller of the peer's SDP <c>a=max-message-size</c> (RFC 8841 section 6) and our own.</summary>
    public int MaxMessageSize { get; init; } = 262_144;

    /// <summary>The largest message we accept from the peer (our own <c>a=max-message-size</c>).</summary>
    public int MaxReceiveMessageSize { get; init; } = 262_144;

    /// <summary>Bytes we buffer for the reader before closing the advertised receive window (a_rwnd, RFC 9260 section 6.2).</summary>
    public int ReceiveBufferSize { get; init; } = 2 * 1024 * 1024;

    /// <summary>Bytes queued for sending above which <c>SendAsync</c> waits (backpressure).</summary>
    public int SendBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Largest SCTP packet we emit: the DTLS-over-UDP path MTU budget (RFC 8261 section 5).</summary>
    public int MaxPacketSize { get; init; } = 1200;

    /// <summary>RTO.Initial (RFC 9260 section 16 suggests 1 s).</summary>
    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RTO.Min (RFC 9260 section 16 suggests 1 s; WebRTC stacks use less on fast paths).</summary>
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>RTO.Max (RFC 9260 section 16: 60 s).</summary>
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Association.Max.Retrans (RFC 9260 section 16: 10).</summary>
    public int MaxRetransmissions { get; init; } = 10;

    /// <summary>Max.Init.Retransmits (RFC 9260 section 16: 8).</summary>
    public int MaxInitRetransmissions { get; init; } = 8;

    /// <summary>Valid.Cookie.Life (RFC 9260 section 16: 60 s).</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The delayed-SACK timer (RFC 9260 section 6.2: at most 500 ms, 200 ms is usual).</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Max.Burst (RFC 9260 section 6.1 rule D; section 16 suggests 4): the most packets of new DATA sent at one go,
    /// whatever the congestion and receive windows allow.
    /// </summary>
    public int MaxBurst { get; init; } = 4;

    internal void Validate()
    {
        if (MaxPacketSize is < 256 or > 65_535)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPacketSize), MaxPacketSize, "The SCTP packet size must be between 256 and 65535 bytes.");
        }

        if (MaxMessageSize < 1 || MaxReceiveMessageSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxMessageSize), "Message size limits must be positive.");
        }

        if (ReceiveBufferSize < MaxPacketSize * 4 || SendBufferSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveBufferSize), "The receive buffer must hold at least four packets.");
        }

        if (RtoMin <= TimeSpan.Zero || RtoMin > RtoMax || RtoInitial <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RtoMin), "RTO bounds must be positive and RtoMin <= RtoMax.");
        }

        if (MaxBurst < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBurst), MaxBurst, "Max.Burst must allow at least one packet.");
        }

        if (MaxRetransmissions < 1 || MaxInitRetransmissions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetransmissions), "Retransmission limits must be positive.");
        }
    }
}
