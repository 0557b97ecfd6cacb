namespace P2PClinic.Sdk.Transport;

/// <summary>
/// Something that happened in a room, about one peer. The concrete kinds are <see cref="PeerJoined"/>,
/// <see cref="PeerLeft"/>, <see cref="PeerLinkEstablished"/> and <see cref="PeerLinkLost"/>.
/// </summary>
public abstract class PeerRoomEvent
{
    /// <summary>Creates an event about a peer.</summary>
    /// <param name="peerId">The peer concerned.</param>
    protected PeerRoomEvent(string peerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerId);
        PeerId = peerId;
    }

    /// <summary>The peer concerned.</summary>
    public string PeerId { get; }
}

/// <summary>A peer became present in the room.</summary>
public sealed class PeerJoined : PeerRoomEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="peerId">The peer that joined.</param>
    public PeerJoined(string peerId)
        : base(peerId)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"joined {PeerId}";
}

/// <summary>A peer is no longer present (it left, or its presence lapsed); its link, if any, was lost before.</summary>
public sealed class PeerLeft : PeerRoomEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="peerId">The peer that left.</param>
    public PeerLeft(string peerId)
        : base(peerId)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"left {PeerId}";
}

/// <summary>A link to a peer is up and ready to carry messages.</summary>
public sealed class PeerLinkEstablished : PeerRoomEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="link">The new link.</param>
    public PeerLinkEstablished(IPeerLink link)
        : base((link ?? throw new ArgumentNullException(nameof(link))).RemotePeerId)
    {
        Link = link;
    }

    /// <summary>The new link; the reader of the event owns it from now on.</summary>
    public IPeerLink Link { get; }

    /// <inheritdoc/>
    public override string ToString() => $"link up {PeerId}";
}

/// <summary>A link to a peer ended. While the peer stays present, the room tries to establish a new one.</summary>
public sealed class PeerLinkLost : PeerRoomEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="peerId">The peer whose link ended.</param>
    /// <param name="closure">Why it ended.</param>
    public PeerLinkLost(string peerId, PeerLinkClosure closure)
        : base(peerId)
    {
        ArgumentNullException.ThrowIfNull(closure);
        Closure = closure;
    }

    /// <summary>Why the link ended.</summary>
    public PeerLinkClosure Closure { get; }

    /// <inheritdoc/>
    public override string ToString() => $"link lost {PeerId} ({Closure})";
}
