using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using P2PClinic.Signaling.Internal.Model;

namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>
/// The embedded store for a single instance. Share codes live in a concurrent dictionary (a claim is one
/// <c>TryRemove</c>, so exactly one of racing claims wins); each room has its own lock over its peers and mailboxes.
/// A sweeper on the <see cref="TimeProvider"/> frees expired entries so memory follows the live state.
/// </summary>
internal sealed class InMemoryRendezvousStore : IRendezvousStore, IDisposable
{
    /// <summary>How often expired entries are swept out; expiry itself is checked on every access.</summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly SignalingOptions options;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, StoredShareCode> shareCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FailedClaimCounter> failedClaims = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Room> rooms = new(StringComparer.Ordinal);
    private readonly MailboxWakeups wakeups = new();
    private readonly ITimer sweeper;

    public InMemoryRendezvousStore(IOptions<SignalingOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        sweeper = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>Rooms held in memory, for tests of the sweeper.</summary>
    internal int RoomCount => rooms.Count;

    /// <summary>Share codes held in memory, for tests of the sweeper.</summary>
    internal int ShareCodeCount => shareCodes.Count;

    public Task<DateTimeOffset?> CreateShareCodeAsync(ShareCode code, OpaqueBlob payload, CancellationToken cancellationToken)
    {
        var expiresAt = time.GetUtcNow() + options.ShareCodeTtl;
        var added = shareCodes.TryAdd(code.Value, new StoredShareCode(payload, expiresAt));
        return Task.FromResult<DateTimeOffset?>(added ? expiresAt : null);
    }

    public Task<OpaqueBlob?> ClaimShareCodeAsync(ShareCode code, CancellationToken cancellationToken)
    {
        if (shareCodes.TryRemove(code.Value, out var stored) && stored.ExpiresAt > time.GetUtcNow())
        {
            return Task.FromResult<OpaqueBlob?>(stored.Payload);
        }

        return Task.FromResult<OpaqueBlob?>(null);
    }

    public Task<ClaimAttempt> TryStartClaimAttemptAsync(string client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var counter = failedClaims.GetOrAdd(client, static _ => new FailedClaimCounter());
            lock (counter)
            {
                if (counter.Removed)
                {
                    continue;
                }

                if (counter.WindowEndsAt <= now)
                {
                    counter.Count = 0;
                    counter.WindowEndsAt = now + options.FailedClaimWindow;
                }

                if (counter.Count >= options.MaxFailedClaims)
                {
                    return Task.FromResult(new ClaimAttempt(false, counter.Count, counter.WindowEndsAt));
                }

                counter.Count++;
                return Task.FromResult(new ClaimAttempt(true, counter.Count, counter.WindowEndsAt));
            }
        }
    }

    public Task RefundClaimAttemptAsync(string client, DateTimeOffset windowEndsAt, CancellationToken cancellationToken)
    {
        if (failedClaims.TryGetValue(client, out var counter))
        {
            lock (counter)
            {
                // A refund for a window that has ended must not lower the count of the next one.
                if (!counter.Removed && counter.WindowEndsAt == windowEndsAt && counter.Count > 0)
                {
                    counter.Count--;
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<Announcement> AnnounceAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.PresenceTtl;
        while (true)
        {
            var state = rooms.GetOrAdd(room.Value, static _ => new Room());
            lock (state)
            {
                if (state.Removed)
                {
                    continue;
                }

                state.ForgetExpiredPeers(now);
                if (!state.Peers.ContainsKey(peer.Value) && state.Peers.Count >= options.MaxPeersPerRoom)
                {
                    return Task.FromResult(new Announcement(false, default));
                }

                state.Peers[peer.Value] = expiresAt;
                return Task.FromResult(new Announcement(true, expiresAt));
            }
        }
    }

    public Task<IReadOnlyList<PeerId>> ListPeersAsync(RoomToken room, CancellationToken cancellationToken)
    {
        if (!rooms.TryGetValue(room.Value, out var state))
        {
            return Task.FromResult<IReadOnlyList<PeerId>>([]);
        }

        var now = time.GetUtcNow();
        lock (state)
        {
            var present = new List<PeerId>(state.Peers.Count);
            foreach (var (peer, expiresAt) in state.Peers)
            {
                if (expiresAt > now && PeerId.TryParse(peer, out var id))
                {
                    present.Add(id);
                }
            }

            return Task.FromResult<IReadOnlyList<PeerId>>(present);
        }
    }

    public Task LeaveAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken)
    {
        if (rooms.TryGetValue(room.Value, out var state))
        {
            lock (state)
            {
                state.Peers.Remove(peer.Value);
                state.Mailboxes.Remove(peer.Value);
            }
        }

        return Task.CompletedTask;
    }

    public Task<PostOutcome> PostSignalAsync(RoomToken room, PeerId from, PeerId to, OpaqueBlob signal, CancellationToken cancellationToken)
    {
        if (!rooms.TryGetValue(room.Value, out var state))
        {
            return Task.FromResult(PostOutcome.SenderAbsent);
        }

        var now = time.GetUtcNow();
        lock (state)
        {
            if (!state.IsPresent(from.Value, now))
            {
                return Task.FromResult(PostOutcome.SenderAbsent);
            }

            if (!state.IsPresent(to.Value, now))
            {
                return Task.FromResult(PostOutcome.RecipientAbsent);
            }

            if (!state.Mailboxes.TryGetValue(to.Value, out var mailbox))
            {
                mailbox = new Queue<MailboxMessage>();
                state.Mailboxes.Add(to.Value, mailbox);
            }

            DropExpired(mailbox, now - options.PresenceTtl);
            if (mailbox.Count >= options.MaxMailboxMessages)
            {
                return Task.FromResult(PostOutcome.MailboxFull);
            }

            mailbox.Enqueue(new MailboxMessage(from, signal, now));
        }

        wakeups.Notify(MailboxWakeups.KeyOf(room.Value, to.Value));
        return Task.FromResult(PostOutcome.Delivered);
    }

    public Task<MailboxDrain> DrainMailboxAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken)
    {
        if (!rooms.TryGetValue(room.Value, out var state))
        {
            return Task.FromResult(MailboxDrain.Absent);
        }

        var now = time.GetUtcNow();
        lock (state)
        {
            if (!state.IsPresent(peer.Value, now))
            {
                return Task.FromResult(MailboxDrain.Absent);
            }

            if (!state.Mailboxes.Remove(peer.Value, out var mailbox))
            {
                return Task.FromResult(MailboxDrain.Empty);
            }

            DropExpired(mailbox, now - options.PresenceTtl);
            return Task.FromResult(new MailboxDrain(true, [.. mailbox]));
        }
    }

    public int WaitingPolls => wakeups.WaitingCount;

    public MailboxWakeup WatchMailbox(RoomToken room, PeerId peer) => wakeups.Watch(MailboxWakeups.KeyOf(room.Value, peer.Value));

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public void Dispose() => sweeper.Dispose();

    private static void DropExpired(Queue<MailboxMessage> mailbox, DateTimeOffset sentBefore)
    {
        while (mailbox.TryPeek(out var oldest) && oldest.SentAt <= sentBefore)
        {
            mailbox.Dequeue();
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var entry in shareCodes)
        {
            if (entry.Value.ExpiresAt <= now)
            {
                // Removes only this entry: a fresh code reusing the value is left alone.
                shareCodes.TryRemove(entry);
            }
        }

        foreach (var entry in failedClaims)
        {
            lock (entry.Value)
            {
                if (entry.Value.WindowEndsAt <= now)
                {
                    entry.Value.Removed = true;
                    failedClaims.TryRemove(entry);
                }
            }
        }

        foreach (var entry in rooms)
        {
            var state = entry.Value;
            lock (state)
            {
                state.ForgetExpiredPeers(now);
                foreach (var (peer, mailbox) in state.Mailboxes)
                {
                    DropExpired(mailbox, now - options.PresenceTtl);
                    if (mailbox.Count == 0)
                    {
                        state.Mailboxes.Remove(peer);
                    }
                }

                if (state.Peers.Count == 0 && state.Mailboxes.Count == 0)
                {
                    // Marked under the lock so a concurrent announce that already holds this instance starts over.
                    state.Removed = true;
                    rooms.TryRemove(entry);
                }
            }
        }
    }

    private sealed record StoredShareCode(OpaqueBlob Payload, DateTimeOffset ExpiresAt);

    private sealed class FailedClaimCounter
    {
        public int Count { get; set; }

        public DateTimeOffset WindowEndsAt { get; set; }

        public bool Removed { get; set; }
    }

    private sealed class Room
    {
        public Dictionary<string, DateTimeOffset> Peers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, Queue<MailboxMessage>> Mailboxes { get; } = new(StringComparer.Ordinal);

        public bool Removed { get; set; }

        public bool IsPresent(string peer, DateTimeOffset now) => Peers.TryGetValue(peer, out var expiresAt) && expiresAt > now;

        public void ForgetExpiredPeers(DateTimeOffset now)
        {
            foreach (var (peer, expiresAt) in Peers)
            {
                if (expiresAt <= now)
                {
                    Peers.Remove(peer);
                }
            }
        }
    }
}
