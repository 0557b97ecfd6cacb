namespace P2PClinic.Sdk.Transport;

/// <summary>
/// A way for this node to reach other nodes: join a room, learn who else is in it, and get a reliable, ordered
/// message link to each of them. Transports (WebRTC data channels, later LAN TCP or a relay) register an
/// implementation in the node's services; the sync engine above them neither knows nor cares which one it got.
/// </summary>
/// <remarks>
/// A transport authenticates nobody: it only connects peers that know the same room id and hands each link a
/// <see cref="ChannelBinding"/> that an authentication handshake above it binds to. Nothing may be trusted
/// before that handshake succeeded.
/// </remarks>
public interface IPeerTransport
{
    /// <summary>A short, stable name for logs and status (e.g. <c>webrtc</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Joins a room: announces this node in it and starts linking to the peers present. The returned room runs
    /// until it is disposed (which leaves the room cleanly) or the node stops.
    /// </summary>
    /// <param name="roomId">The room's secret id (an org's room id). Peers that join with the same id find each other; the transport never reveals it.</param>
    /// <param name="cancellationToken">Cancels the join.</param>
    /// <returns>The joined room.</returns>
    /// <exception cref="ArgumentException"><paramref name="roomId"/> is empty or only white space.</exception>
    /// <exception cref="InvalidOperationException">This transport is in the room already (a second membership would link the node to itself); dispose the first room before joining again.</exception>
    /// <exception cref="ObjectDisposedException">The node is stopping: the transport has shut down.</exception>
    /// <exception cref="PeerTransportException">The transport is not configured, or cannot reach the rendezvous it needs, or refused the join.</exception>
    Task<IPeerRoom> JoinAsync(string roomId, CancellationToken cancellationToken);
}
