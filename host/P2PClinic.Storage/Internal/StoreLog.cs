using Microsoft.Extensions.Logging;

namespace P2PClinic.Storage.Internal;

/// <summary>Everything the document store logs, with stable event ids.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Opened the document store at {Path} with {PendingScrubs} pending scrub(s)")]
    public static partial void Opened(ILogger logger, string path, int pendingScrubs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Compacted the log of org {OrgId}: {Records} records, {BytesBefore} bytes into {BytesAfter} bytes")]
    public static partial void Compacted(ILogger logger, Guid orgId, int records, long bytesBefore, int bytesAfter);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Compacting the log of org {OrgId} failed; the log is unchanged and compaction is retried later")]
    public static partial void CompactionFailed(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Left org {OrgId}; its data was deleted and scrubbed from disk")]
    public static partial void OrgLeft(ILogger logger, Guid orgId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Finishing the scrub of org {OrgId}, which was interrupted before the last shutdown")]
    public static partial void ScrubResumed(ILogger logger, Guid orgId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "The stored data of org {OrgId} is damaged and the org is refused until repaired: {Path}: {Detail}")]
    public static partial void OrgDamaged(ILogger logger, Guid orgId, string path, string detail);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Error, Message = "The org catalog is damaged: {Path}: {Detail}")]
    public static partial void CatalogDamaged(ILogger logger, string path, string detail);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "{Notice}")]
    public static partial void Notice(ILogger logger, StoreNotice notice);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Rebuilt the database to repair org {OrgId}: {Kept} update(s) kept, {Lost} lost; {Others} other damaged org(s) repaired too")]
    public static partial void Repaired(ILogger logger, Guid orgId, long kept, string lost, int others);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Tightened the permissions of {Count} entr(ies) under {Path} to owner-only (directories 0700, files 0600)")]
    public static partial void PermissionsTightened(ILogger logger, string path, int count);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Finished a repair interrupted before the last shutdown at {Path}")]
    public static partial void RepairResumed(ILogger logger, string path);
}
