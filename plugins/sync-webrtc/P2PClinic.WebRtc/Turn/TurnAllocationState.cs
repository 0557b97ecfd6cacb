namespace P2PClinic.WebRtc.Turn;

/// <summary>Where a TURN allocation (RFC 8656 section 5) stands.</summary>
internal enum TurnAllocationState
{
    /// <summary>Allocate sent, not answered yet (possibly in the middle of the 401 nonce dance).</summary>
    Allocating,

    /// <summary>The server granted a relayed address; refreshed before it expires.</summary>
    Allocated,

    /// <summary>The server refused (wrong credentials, quota), did not answer, or the allocation expired: see the error.</summary>
    Failed,

    /// <summary>Released by us (Refresh with LIFETIME 0).</summary>
    Released,
}

/// <summary>What one datagram from the TURN server meant.</summary>
internal enum TurnReceiveResult
{
    /// <summary>Not a TURN message of this allocation (a stray or forged datagram): dropped.</summary>
    Ignored,

    /// <summary>A response handled inside the allocation (refresh, permission, channel), nothing for the caller.</summary>
    Handled,

    /// <summary>A datagram from a peer, relayed by the server (Data indication or ChannelData).</summary>
    PeerData,

    /// <summary>The allocation changed state (now allocated, or failed): the caller reads <see cref="TurnAllocation.State"/>.</summary>
    StateChanged,
}
