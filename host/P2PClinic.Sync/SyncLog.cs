using Microsoft.Extensions.Logging;
using P2PClinic.Sync.Protocol;

namespace P2PClinic.Sync;

/// <summary>The sync engine's log lines (event ids 3000-3099). Never a key, a password or a share code.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(3000, LogLevel.Information, "Org {OrgId}: authenticated peer {PeerId} (sync protocol {Version})")]
    public static partial void Authenticated(ILogger logger, Guid orgId, string peerId, byte version);

    [LoggerMessage(3001, LogLevel.Warning, "Org {OrgId}: peer {PeerId} failed authentication ({Failures} failures in a row; handshakes pause)")]
    public static partial void AuthenticationFailed(ILogger logger, Guid orgId, string peerId, int failures);

    [LoggerMessage(3002, LogLevel.Warning, "Org {OrgId}: closed the link to peer {PeerId}: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, Guid orgId, string peerId, string reason);

    [LoggerMessage(3003, LogLevel.Information, "Org {OrgId}: peer {PeerId} refused the link: {Code} ({Reason})")]
    public static partial void PeerRefused(ILogger logger, Guid orgId, string peerId, RefuseCode code, string reason);

    [LoggerMessage(3004, LogLevel.Information, "Org {OrgId}: joined its room as peer {PeerId} over {Transport}")]
    public static partial void RoomJoined(ILogger logger, Guid orgId, string peerId, string transport);

    [LoggerMessage(3005, LogLevel.Warning, "Org {OrgId}: cannot join its room, retrying: {Reason}")]
    public static partial void RoomJoinFailed(ILogger logger, Guid orgId, string reason);

    [LoggerMessage(3006, LogLevel.Information, "Org {OrgId}: left its room")]
    public static partial void RoomLeft(ILogger logger, Guid orgId);

    [LoggerMessage(3007, LogLevel.Warning, "Org {OrgId}: the joined org was removed: a member refused its password")]
    public static partial void JoinedOrgRemoved(ILogger logger, Guid orgId);

    [LoggerMessage(3008, LogLevel.Error, "Org {OrgId}: sync failed")]
    public static partial void RoomFailed(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(3009, LogLevel.Information, "Org {OrgId}: shared (room created); new members join with an invite")]
    public static partial void OrgShared(ILogger logger, Guid orgId);

    [LoggerMessage(3011, LogLevel.Error, "Org {OrgId}: the link to peer {PeerId} failed on this node's side")]
    public static partial void SessionFailed(ILogger logger, Guid orgId, string peerId, Exception exception);

    [LoggerMessage(3012, LogLevel.Error, "The org list cannot be read, so no org syncs until it is repaired: {Reason}")]
    public static partial void CatalogUnreadable(ILogger logger, string reason);

    [LoggerMessage(3010, LogLevel.Warning, "No peer transport is installed: shared orgs do not sync")]
    public static partial void NoTransport(ILogger logger);

    [LoggerMessage(3013, LogLevel.Debug, "Org {OrgId}: applied and stored {Bytes} bytes from peer {PeerId} in {Milliseconds:0.0} ms")]
    public static partial void UpdateApplied(ILogger logger, Guid orgId, string peerId, int bytes, double milliseconds);

    [LoggerMessage(3014, LogLevel.Debug, "Org {OrgId}: sending peer {PeerId} what it lacks: {Bytes} bytes in {Pieces} pieces")]
    public static partial void SendingStep2(ILogger logger, Guid orgId, string peerId, int bytes, int pieces);
}
