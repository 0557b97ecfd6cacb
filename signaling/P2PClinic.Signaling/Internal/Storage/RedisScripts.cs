namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>
/// The Lua scripts that make each multi-step Redis operation atomic (Redis runs a script without interleaving
/// other commands). Times are Unix milliseconds from the server's <see cref="TimeProvider"/>, passed in, so every
/// instance and the in-memory store decide expiry the same way; key TTLs only collect garbage.
/// A room's keys share the hash tag <c>{room}</c>, so the scripts also run on a Redis Cluster.
/// </summary>
internal static class RedisScripts
{
    /// <summary>KEYS: peers zset. ARGV: now, expiresAt, peer, maxPeers, ttlMs. Returns 1, or 0 when the room is full.</summary>
    public const string Announce = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
        if not redis.call('ZSCORE', KEYS[1], ARGV[3]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
          return 0
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    /// <summary>KEYS: peers zset, recipient mailbox list. ARGV: now, from, to, entry, maxMessages, ttlMs, channel, mailboxName.
    /// Returns 1 delivered, -1 sender absent, -2 recipient absent, -3 mailbox full.</summary>
    public const string Post = """
        local now = tonumber(ARGV[1])
        local from = redis.call('ZSCORE', KEYS[1], ARGV[2])
        if not from or tonumber(from) <= now then return -1 end
        local to = redis.call('ZSCORE', KEYS[1], ARGV[3])
        if not to or tonumber(to) <= now then return -2 end
        local ttl = tonumber(ARGV[6])
        while true do
          local oldest = redis.call('LINDEX', KEYS[2], 0)
          if oldest and tonumber(string.match(oldest, '^(%d+)')) + ttl <= now then
            redis.call('LPOP', KEYS[2])
          else
            break
          end
        end
        if redis.call('LLEN', KEYS[2]) >= tonumber(ARGV[5]) then return -3 end
        redis.call('RPUSH', KEYS[2], ARGV[4])
        redis.call('PEXPIRE', KEYS[2], ttl)
        redis.call('PUBLISH', ARGV[7], ARGV[8])
        return 1
        """;

    /// <summary>KEYS: peers zset, mailbox list. ARGV: now, peer. Returns nil when the peer is absent, else every entry (removed).</summary>
    public const string Drain = """
        local present = redis.call('ZSCORE', KEYS[1], ARGV[2])
        if not present or tonumber(present) <= tonumber(ARGV[1]) then return false end
        local entries = redis.call('LRANGE', KEYS[2], 0, -1)
        redis.call('DEL', KEYS[2])
        return entries
        """;

    /// <summary>KEYS: peers zset, mailbox list. ARGV: peer.</summary>
    public const string Leave = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('DEL', KEYS[2])
        return 1
        """;

    /// <summary>KEYS: failed-claims hash. ARGV: now, windowEndsAtIfNew, windowMs, maxFailed.
    /// Returns {admitted (1 or 0), count, windowEndsAt}: the check and the count are one step, so racing claims cannot
    /// all pass the check before any of them is counted.</summary>
    public const string StartClaimAttempt = """
        local state = redis.call('HMGET', KEYS[1], 'count', 'ends')
        if not state[2] or tonumber(state[2]) <= tonumber(ARGV[1]) then
          redis.call('HSET', KEYS[1], 'count', 1, 'ends', ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[3])
          return {1, 1, ARGV[2]}
        end
        local count = tonumber(state[1])
        if count >= tonumber(ARGV[4]) then
          return {0, count, state[2]}
        end
        return {1, redis.call('HINCRBY', KEYS[1], 'count', 1), state[2]}
        """;

    /// <summary>KEYS: failed-claims hash. ARGV: windowEndsAt of the attempt. Gives one count back if that window is current.</summary>
    public const string RefundClaimAttempt = """
        local state = redis.call('HMGET', KEYS[1], 'count', 'ends')
        if state[2] == ARGV[1] and tonumber(state[1]) > 0 then
          redis.call('HINCRBY', KEYS[1], 'count', -1)
        end
        return 1
        """;
}
