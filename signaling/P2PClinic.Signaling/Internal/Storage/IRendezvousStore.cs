using P2PClinic.Signaling.Internal.Model;

namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>
/// The server's whole state: share codes, failed-claim counts, room presence and mailboxes. Every operation is atomic
/// (one winner for a claim, no message both delivered and kept). Expiry is decided by the <see cref="TimeProvider"/>
/// the store was built with, so tests move time instead of sleeping; Redis key TTLs only collect garbage.
/// </summary>
internal interface IRendezvousStore
{
    /// <summary>Stores the payload under the code unless that code is taken; returns the expiry, or null on a collision.</summary>
    Task<DateTimeOffset?> CreateShareCodeAsync(ShareCode code, OpaqueBlob payload, CancellationToken cancellationToken);

    /// <summary>Takes the payload and forgets the code; null when the code is unknown, expired or already claimed.</summary>
    Task<OpaqueBlob?> ClaimShareCodeAsync(ShareCode code, CancellationToken cancellationToken);

    /// <summary>
    /// Checks the client's failed-claim count and, unless it has reached the limit, counts this claim as failed, in one
    /// atomic step: of any number of racing claims at most the limit are admitted per window. A claim that then
    /// succeeds gives its count back with <see cref="RefundClaimAttemptAsync"/>.
    /// </summary>
    Task<ClaimAttempt> TryStartClaimAttemptAsync(string client, CancellationToken cancellationToken);

    /// <summary>Gives back the count of an admitted attempt that found its code, if its window is still the current one.</summary>
    Task RefundClaimAttemptAsync(string client, DateTimeOffset windowEndsAt, CancellationToken cancellationToken);

    /// <summary>Makes the peer present (again) for the presence TTL.</summary>
    Task<Announcement> AnnounceAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken);

    /// <summary>The peers present in the room now.</summary>
    Task<IReadOnlyList<PeerId>> ListPeersAsync(RoomToken room, CancellationToken cancellationToken);

    /// <summary>Removes the peer and its mailbox from the room.</summary>
    Task LeaveAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken);

    /// <summary>Queues a signal in the recipient's mailbox and wakes whoever waits on it (on any instance).</summary>
    Task<PostOutcome> PostSignalAsync(RoomToken room, PeerId from, PeerId to, OpaqueBlob signal, CancellationToken cancellationToken);

    /// <summary>Takes every unexpired message from the peer's mailbox without waiting.</summary>
    Task<MailboxDrain> DrainMailboxAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken);

    /// <summary>Starts watching the mailbox: the returned wake-up completes at the next post to it. Watch before draining.</summary>
    MailboxWakeup WatchMailbox(RoomToken room, PeerId peer);

    /// <summary>Long polls waiting in this instance (a gauge for operators and a synchronisation point for tests).</summary>
    int WaitingPolls { get; }

    /// <summary>Whether the store answers (for <c>/healthz</c>).</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}

/// <summary>Whether a claim may look its code up, and the client's failed-claim count in the window, this attempt included.</summary>
internal readonly record struct ClaimAttempt(bool Admitted, int Count, DateTimeOffset WindowEndsAt);

internal readonly record struct Announcement(bool Accepted, DateTimeOffset ExpiresAt);

internal enum PostOutcome
{
    Delivered,
    SenderAbsent,
    RecipientAbsent,
    MailboxFull,
}

internal sealed record MailboxMessage(PeerId From, OpaqueBlob Signal, DateTimeOffset SentAt);

/// <summary>What a drain found: nothing at all when the peer is not present in the room.</summary>
internal sealed record MailboxDrain(bool PeerPresent, IReadOnlyList<MailboxMessage> Messages)
{
    public static readonly MailboxDrain Absent = new(false, []);
    public static readonly MailboxDrain Empty = new(true, []);
}
