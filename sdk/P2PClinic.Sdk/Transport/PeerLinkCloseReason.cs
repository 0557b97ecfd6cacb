namespace P2PClinic.Sdk.Transport;

/// <summary>The kinds of ending of a <see cref="IPeerLink"/>.</summary>
public enum PeerLinkCloseReason
{
    /// <summary>This node closed the link (disposed it, left the room, or stopped).</summary>
    ClosedLocally,

    /// <summary>The peer closed the link.</summary>
    ClosedByPeer,

    /// <summary>The peer stopped answering (it vanished, or the path to it broke).</summary>
    PeerUnreachable,

    /// <summary>The peer left the room (or started a new connection that replaces this one).</summary>
    PeerLeft,

    /// <summary>The transport failed for another reason; see <see cref="PeerLinkClosure.Detail"/>.</summary>
    Failed,
}
