namespace P2PClinic.Sdk.Transport;

/// <summary>
/// This node's membership of one room: which peers are present, and a link to each of them that the transport
/// keeps re-establishing (with back-off) while the peer stays present. Disposing it leaves the room: every link
/// closes and the other peers see this one leave.
/// </summary>
public interface IPeerRoom : IAsyncDisposable
{
    /// <summary>This node's peer id in the room: chosen at random per join, so it says nothing about the node.</summary>
    string LocalPeerId { get; }

    /// <summary>The other peers present in the room now (not including <see cref="LocalPeerId"/>).</summary>
    IReadOnlyCollection<string> Peers { get; }

    /// <summary>
    /// What happens in the room, in order, from the moment it was joined: peers joining and leaving, links
    /// established and lost. Events are buffered until read, so nothing is missed; read them with one reader.
    /// The sequence ends when the room is disposed.
    /// </summary>
    /// <param name="cancellationToken">Stops this enumeration (not the room).</param>
    /// <returns>The room's events.</returns>
    IAsyncEnumerable<PeerRoomEvent> ReadEventsAsync(CancellationToken cancellationToken);
}
