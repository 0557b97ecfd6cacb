namespace P2PClinic.Signaling.Internal.Hosting;

/// <summary>
/// Everything the server logs, with stable event ids. By design no message takes a blob, a share code or a payload:
/// only sizes, counts and the opaque room and peer tokens (which are hashes and random ids, not user data).
/// </summary>
internal static partial class SignalingLog
{
    [LoggerMessage(1, LogLevel.Information, "Signaling server using the {Store} store")]
    public static partial void StoreSelected(ILogger logger, SignalingStoreKind store);

    [LoggerMessage(10, LogLevel.Debug, "Share code created for a {PayloadBytes}-byte payload, expires at {ExpiresAt:O}")]
    public static partial void ShareCodeCreated(ILogger logger, int payloadBytes, DateTimeOffset expiresAt);

    [LoggerMessage(11, LogLevel.Warning, "Share code generation collided {Attempts} times in a row")]
    public static partial void ShareCodeCollisions(ILogger logger, int attempts);

    [LoggerMessage(12, LogLevel.Debug, "Share code claimed")]
    public static partial void ShareCodeClaimed(ILogger logger);

    [LoggerMessage(13, LogLevel.Information, "Failed share code claim {Count} of {Limit} from {Client}")]
    public static partial void ShareCodeClaimFailed(ILogger logger, int count, int limit, string client);

    [LoggerMessage(14, LogLevel.Warning, "Client {Client} is locked out of share code claims until {WindowEndsAt:O}")]
    public static partial void ClaimsLockedOut(ILogger logger, string client, DateTimeOffset windowEndsAt);

    [LoggerMessage(20, LogLevel.Debug, "Peer {Peer} announced in room {Room}")]
    public static partial void PeerAnnounced(ILogger logger, string room, string peer);

    [LoggerMessage(21, LogLevel.Information, "Room {Room} is full; peer {Peer} was turned away")]
    public static partial void RoomFull(ILogger logger, string room, string peer);

    [LoggerMessage(22, LogLevel.Debug, "Peer {Peer} left room {Room}")]
    public static partial void PeerLeft(ILogger logger, string room, string peer);

    [LoggerMessage(30, LogLevel.Debug, "Signal of {SignalBytes} bytes posted in room {Room} from {From} to {To}: {Outcome}")]
    public static partial void SignalPosted(ILogger logger, int signalBytes, string room, string from, string to, string outcome);

    [LoggerMessage(31, LogLevel.Debug, "Mailbox of {Peer} in room {Room} drained: {Count} messages")]
    public static partial void MailboxDrained(ILogger logger, string room, string peer, int count);

    [LoggerMessage(40, LogLevel.Information, "Client {Client} exceeded the {Policy} request budget")]
    public static partial void RateLimited(ILogger logger, string client, string policy);

    [LoggerMessage(50, LogLevel.Error, "The rendezvous store failed a request to {Path}")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string path);
}
