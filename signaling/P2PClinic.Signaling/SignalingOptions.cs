namespace P2PClinic.Signaling;

/// <summary>
/// Settings of the signaling server, bound from the <c>Signaling</c> configuration section.
/// Every limit here is part of the wire contract documented in <c>docs/protocol.md</c>.
/// </summary>
public sealed class SignalingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Signaling";

    /// <summary>Where rendezvous state lives: in this process, or in Redis shared by several instances.</summary>
    public SignalingStoreKind Store { get; set; } = SignalingStoreKind.Memory;

    /// <summary>The Redis connection, used when <see cref="Store"/> is <see cref="SignalingStoreKind.Redis"/>.</summary>
    public SignalingRedisOptions Redis { get; set; } = new();

    /// <summary>How long a share code can be claimed (the issue fixes it at five minutes).</summary>
    public TimeSpan ShareCodeTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an announced peer stays present without announcing again; mailbox messages live as long.</summary>
    public TimeSpan PresenceTtl { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest a mailbox drain waits for a message (long polling).</summary>
    public TimeSpan MaxPollWait { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The largest invite payload a share code carries, in decoded bytes.</summary>
    public int MaxInvitePayloadBytes { get; set; } = 4096;

    /// <summary>The largest signal (a sealed offer, answer or knock), in decoded bytes.</summary>
    public int MaxSignalBytes { get; set; } = 16384;

    /// <summary>The most peers present in one room at a time.</summary>
    public int MaxPeersPerRoom { get; set; } = 64;

    /// <summary>The most undelivered messages one mailbox holds.</summary>
    public int MaxMailboxMessages { get; set; } = 64;

    /// <summary>Failed share code claims from one client address before it is locked out of claiming.</summary>
    public int MaxFailedClaims { get; set; } = 5;

    /// <summary>The window in which failed claims are counted; a locked-out client may claim again when it ends.</summary>
    public TimeSpan FailedClaimWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a request body may take to arrive in full, from the moment the endpoint starts reading it. Bodies are
    /// at most a few tens of kilobytes, so a body still incomplete after this is stalled, not slow.
    /// </summary>
    public TimeSpan BodyReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The slowest a request body may arrive, in bytes per second averaged over the read, once a 2-second grace period
    /// is over (Kestrel's minimum request body data rate; its default is 240 after 5 s). 0 turns it off, leaving only
    /// <see cref="BodyReadTimeout"/>.
    /// </summary>
    public int MinBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>Request budgets per client address.</summary>
    public SignalingRateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Which web pages (browser peers) may call the API.</summary>
    public SignalingCorsOptions Cors { get; set; } = new();

    /// <summary>
    /// Allows plain HTTP on a non-loopback address. Only for a deployment behind a TLS-terminating proxy
    /// (a container behind a load balancer); otherwise the server refuses to start.
    /// </summary>
    public bool AllowPlainHttpOnAnyAddress { get; set; }
}

/// <summary>Where the signaling server keeps its state.</summary>
public enum SignalingStoreKind
{
    /// <summary>In this process: one instance, nothing to run beside it.</summary>
    Memory,

    /// <summary>In Redis: several instances behind a load balancer share state.</summary>
    Redis,
}

/// <summary>The Redis connection of the Redis store.</summary>
public sealed class SignalingRedisOptions
{
    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string ConnectionString { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every key and channel, so several deployments can share one Redis. Must not contain braces.</summary>
    public string KeyPrefix { get; set; } = "p2pclinic:signaling:";
}

/// <summary>Cross-origin access to <c>/v1</c> for browser peers (the Fetch standard's CORS protocol).</summary>
public sealed class SignalingCorsOptions
{
    /// <summary>The longest <see cref="MaxAge"/> allowed: Chromium caps a preflight's cache at two hours anyway.</summary>
    public static readonly TimeSpan MaxMaxAge = TimeSpan.FromHours(2);

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>, no path) whose pages may call the API. Empty, the default, allows none:
    /// browsers then refuse every cross-origin call. A single <c>*</c> allows every origin.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a browser may cache a preflight answer (<c>Access-Control-Max-Age</c>), at most two hours.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Request budgets per client address (IPv4 address or IPv6 /64), one per kind of request.</summary>
public sealed class SignalingRateLimitOptions
{
    /// <summary>Share code creation.</summary>
    public RequestBudget ShareCodeCreate { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Share code claims (failed claims additionally lock a client out, see <see cref="SignalingOptions.MaxFailedClaims"/>).</summary>
    public RequestBudget ShareCodeClaim { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Announcing, listing and leaving rooms.</summary>
    public RequestBudget Presence { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Posting signals and draining mailboxes.</summary>
    public RequestBudget Mailbox { get; set; } = new() { PermitLimit = 600, Window = TimeSpan.FromMinutes(1) };
}

/// <summary>A fixed-window request budget.</summary>
public sealed class RequestBudget
{
    /// <summary>Requests allowed per window.</summary>
    public int PermitLimit { get; set; }

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; set; }
}
