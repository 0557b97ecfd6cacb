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

    /// <summary>The failed claims counted for a client in its current window.</summary>
    Task<FailedClaims> GetFailedClaimsAsync(string client, CancellationToken cancellationToken);

    /// <summary>Counts one more failed claim for a client.</summary>
    Task<FailedClaims> RecordFailedClaimAsync(string client, CancellationToken cancellationToken);

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

internal readonly record struct FailedClaims(int Count, DateTimeOffset WindowEndsAt);

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
