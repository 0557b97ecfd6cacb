using System.Globalization;
using Microsoft.Extensions.Options;
using P2PClinic.Signaling.Internal.Model;
using StackExchange.Redis;

namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>
/// The store for several instances behind a load balancer. Share codes are strings claimed with GETDEL; presence is a
/// sorted set per room scored by expiry; a mailbox is a list drained by a script. A post publishes the mailbox name on
/// one channel that every instance subscribes to once, and each instance wakes its own long polls for that mailbox.
/// </summary>
internal sealed class RedisRendezvousStore : IRendezvousStore, IAsyncDisposable
{
    /// <summary>Blobs read back were validated on the way in; this bound only rejects a corrupted entry.</summary>
    private const int StoredBlobLimit = 1 << 20;

    private readonly SignalingOptions options;
    private readonly TimeProvider time;
    private readonly MailboxWakeups wakeups = new();
    private readonly string prefix;
    private readonly RedisChannel postedChannel;
    private ConnectionMultiplexer? connection;

    public RedisRendezvousStore(IOptions<SignalingOptions> options, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;
        prefix = this.options.Redis.KeyPrefix;
        postedChannel = RedisChannel.Literal(prefix + "mailbox-posted");
    }

    private IDatabase Database => (connection ?? throw new InvalidOperationException("The Redis store is not connected yet.")).GetDatabase();

    /// <summary>Connects and subscribes to mailbox notifications; the server does not start without its store.</summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(options.Redis.ConnectionString);
        // Keep retrying after a later outage instead of failing requests forever; the first connect must succeed.
        configuration.AbortOnConnectFail = false;
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken);
        if (!multiplexer.IsConnected)
        {
            await multiplexer.DisposeAsync();
            throw new InvalidOperationException(
                $"The signaling server cannot reach Redis at '{configuration.EndPoints.FirstOrDefault()}' (Signaling:Redis:ConnectionString).");
        }

        await multiplexer.GetSubscriber().SubscribeAsync(postedChannel, (_, mailbox) => wakeups.Notify(mailbox.ToString()));
        // Posts published while the subscription was down were never heard here: let every waiting poll look again.
        multiplexer.ConnectionRestored += (_, _) => wakeups.NotifyAll();
        connection = multiplexer;
    }

    public async Task<DateTimeOffset?> CreateShareCodeAsync(ShareCode code, OpaqueBlob payload, CancellationToken cancellationToken)
    {
        var expiresAt = time.GetUtcNow() + options.ShareCodeTtl;
        var value = Millis(expiresAt) + ":" + payload.Text;
        var added = await Database.StringSetAsync(ShareCodeKey(code), value, options.ShareCodeTtl, When.NotExists);
        return added ? expiresAt : null;
    }

    public async Task<OpaqueBlob?> ClaimShareCodeAsync(ShareCode code, CancellationToken cancellationToken)
    {
        // GETDEL (Redis 6.2): of racing claims, exactly one reads the value.
        var value = await Database.StringGetDeleteAsync(ShareCodeKey(code));
        if (value.IsNull)
        {
            return null;
        }

        var text = value.ToString();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || FromMillis(text.AsSpan(0, colon)) <= time.GetUtcNow())
        {
            return null;
        }

        return OpaqueBlob.TryParse(text[(colon + 1)..], StoredBlobLimit, out var payload) == BlobCheck.Valid ? payload : null;
    }

    public async Task<ClaimAttempt> TryStartClaimAttemptAsync(string client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
            RedisScripts.StartClaimAttempt,
            [FailedClaimsKey(client)],
            [Millis(now), Millis(now + options.FailedClaimWindow), (long)options.FailedClaimWindow.TotalMilliseconds, options.MaxFailedClaims]))!;
        return new ClaimAttempt((int)result[0] == 1, (int)result[1], FromMillis(result[2].ToString()));
    }

    public async Task RefundClaimAttemptAsync(string client, DateTimeOffset windowEndsAt, CancellationToken cancellationToken) =>
        await Database.ScriptEvaluateAsync(RedisScripts.RefundClaimAttempt, [FailedClaimsKey(client)], [Millis(windowEndsAt)]);

    public async Task<Announcement> AnnounceAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expiresAt = now + options.PresenceTtl;
        var accepted = (int)await Database.ScriptEvaluateAsync(
            RedisScripts.Announce,
            [PeersKey(room)],
            [Millis(now), Millis(expiresAt), peer.Value, options.MaxPeersPerRoom, TtlMillis]);
        return accepted == 1 ? new Announcement(true, expiresAt) : new Announcement(false, default);
    }

    public async Task<IReadOnlyList<PeerId>> ListPeersAsync(RoomToken room, CancellationToken cancellationToken)
    {
        var members = await Database.SortedSetRangeByScoreAsync(
            PeersKey(room), Millis(time.GetUtcNow()), double.PositiveInfinity, Exclude.Start);
        var peers = new List<PeerId>(members.Length);
        foreach (var member in members)
        {
            if (PeerId.TryParse(member.ToString(), out var peer))
            {
                peers.Add(peer);
            }
        }

        return peers;
    }

    public Task LeaveAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken) =>
        Database.ScriptEvaluateAsync(RedisScripts.Leave, [PeersKey(room), MailboxKey(room, peer)], [peer.Value]);

    public async Task<PostOutcome> PostSignalAsync(RoomToken room, PeerId from, PeerId to, OpaqueBlob signal, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // An entry is "sentAtMillis:from:signal"; neither the peer id nor base64url contains a colon.
        var entry = Millis(now) + ":" + from.Value + ":" + signal.Text;
        var outcome = (int)await Database.ScriptEvaluateAsync(
            RedisScripts.Post,
            [PeersKey(room), MailboxKey(room, to)],
            [Millis(now), from.Value, to.Value, entry, options.MaxMailboxMessages, TtlMillis,
                postedChannel.ToString(), MailboxWakeups.KeyOf(room.Value, to.Value)]);
        return outcome switch
        {
            1 => PostOutcome.Delivered,
            -1 => PostOutcome.SenderAbsent,
            -2 => PostOutcome.RecipientAbsent,
            _ => PostOutcome.MailboxFull,
        };
    }

    public async Task<MailboxDrain> DrainMailboxAsync(RoomToken room, PeerId peer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var result = await Database.ScriptEvaluateAsync(
            RedisScripts.Drain, [PeersKey(room), MailboxKey(room, peer)], [Millis(now), peer.Value]);
        if (result.IsNull)
        {
            return MailboxDrain.Absent;
        }

        var entries = (RedisResult[])result!;
        var messages = new List<MailboxMessage>(entries.Length);
        foreach (var entry in entries)
        {
            if (TryParseEntry(entry.ToString(), out var message) && message.SentAt + options.PresenceTtl > now)
            {
                messages.Add(message);
            }
        }

        return new MailboxDrain(true, messages);
    }

    public int WaitingPolls => wakeups.WaitingCount;

    public MailboxWakeup WatchMailbox(RoomToken room, PeerId peer) => wakeups.Watch(MailboxWakeups.KeyOf(room.Value, peer.Value));

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        if (connection is not { IsConnected: true })
        {
            return false;
        }

        try
        {
            await Database.PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (RedisException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    private long TtlMillis => (long)options.PresenceTtl.TotalMilliseconds;

    private static long Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(ReadOnlySpan<char> text) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));

    private static bool TryParseEntry(string entry, out MailboxMessage message)
    {
        message = null!;
        var parts = entry.Split(':');
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt)
            || !PeerId.TryParse(parts[1], out var from)
            || OpaqueBlob.TryParse(parts[2], StoredBlobLimit, out var signal) != BlobCheck.Valid)
        {
            return false;
        }

        message = new MailboxMessage(from, signal, DateTimeOffset.FromUnixTimeMilliseconds(sentAt));
        return true;
    }

    private RedisKey ShareCodeKey(ShareCode code) => prefix + "code:" + code.Value;

    private RedisKey FailedClaimsKey(string client) => prefix + "failed-claims:" + client;

    private RedisKey PeersKey(RoomToken room) => prefix + "{" + room.Value + "}:peers";

    private RedisKey MailboxKey(RoomToken room, PeerId peer) => prefix + "{" + room.Value + "}:mailbox:" + peer.Value;
}
