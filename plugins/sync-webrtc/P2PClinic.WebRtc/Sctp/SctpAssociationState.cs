namespace P2PClinic.WebRtc.Sctp;

/// <summary>Association states (RFC 9260 section 4). <see cref="Closed"/> is the fresh state that still accepts an INIT.</summary>
internal enum SctpAssociationState
{
    Closed,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,

    /// <summary>Ended for good (shutdown, abort or failure); nothing is sent or accepted any more.</summary>
    Terminated,
}
