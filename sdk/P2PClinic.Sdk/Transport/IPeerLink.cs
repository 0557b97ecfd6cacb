namespace P2PClinic.Sdk.Transport;

/// <summary>
/// A reliable, ordered, message-oriented channel to one peer. A link lives until it is lost or disposed and is
/// never revived: after a reconnect the room reports a new link (and the layer above must authenticate again).
/// </summary>
/// <remarks>
/// Messages are binary frames of 0 to <see cref="MaxMessageSize"/> bytes, delivered whole, exactly once and in
/// order while the link lives. Larger payloads are the caller's to split.
/// </remarks>
public interface IPeerLink : IAsyncDisposable
{
    /// <summary>The peer at the other end (its id in the room).</summary>
    string RemotePeerId { get; }

    /// <summary>The transport's security context, for an authentication handshake to bind to.</summary>
    ChannelBinding ChannelBinding { get; }

    /// <summary>The largest message this link carries, in bytes.</summary>
    int MaxMessageSize { get; }

    /// <summary>
    /// How the link travels, for people: "direct, same network", "relayed through a TURN server" (so a member can
    /// see why a link is slow); empty when the transport cannot say.
    /// </summary>
    string PathDescription => "";

    /// <summary>
    /// Completes when the link has ended, with why. It never faults: a lost link is an expected event.
    /// </summary>
    Task<PeerLinkClosure> Completion { get; }

    /// <summary>
    /// Queues a message. Completes once the message is accepted into the link's bounded send buffer, so a fast
    /// sender waits for a slow network (back-pressure) instead of growing memory.
    /// </summary>
    /// <param name="message">The message, 0 to <see cref="MaxMessageSize"/> bytes. It may be reused once the call completes.</param>
    /// <param name="cancellationToken">Stops waiting for buffer space; the message was then not sent.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The message is larger than <see cref="MaxMessageSize"/>.</exception>
    /// <exception cref="PeerLinkClosedException">The link has ended.</exception>
    ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the next message from the peer, waiting for one if none is buffered. Messages that arrived before the
    /// link ended are still handed out; after them this throws.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The message; the memory belongs to the caller.</returns>
    /// <exception cref="PeerLinkClosedException">The link has ended and every message it received was taken.</exception>
    ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken);
}
