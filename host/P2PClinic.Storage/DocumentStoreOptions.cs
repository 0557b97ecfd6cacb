using Microsoft.Extensions.Logging;

namespace P2PClinic.Storage;

/// <summary>How a <see cref="DocumentStore"/> behaves. The defaults suit a node.</summary>
public sealed class DocumentStoreOptions
{
    /// <summary>Compact an org's log once it holds this many records (a merged record counts as one).</summary>
    public int CompactAfterUpdates { get; init; } = 500;

    /// <summary>
    /// Compact an org's log once this many bytes were appended since the last compaction (the merged
    /// record itself does not count, so a large document is not re-merged on every append).
    /// </summary>
    public long CompactAfterBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Merges encoded updates into one that has the same effect (the host passes <c>YUpdate.Merge</c>).
    /// Null turns compaction off: the store itself never interprets an update.
    /// </summary>
    public Func<IReadOnlyList<byte[]>, byte[]>? MergeUpdates { get; init; }

    /// <summary>The clock that stamps <see cref="OrgMetadata.CreatedAt"/> and new org ids.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where the store reports what it does; null logs nothing.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// Test seam: runs after a compaction merged the log and before it writes the result, so a test can
    /// make the compaction fail at its most delicate point.
    /// </summary>
    internal Action<Guid>? BeforeCompactionWrite { get; init; }
}
