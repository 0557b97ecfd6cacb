namespace P2PClinic.Storage;

/// <summary>Something the store found and dealt with when it opened the database, kept until a repair.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Path">The database folder (RocksDB does not name the write-ahead log file) or the damaged file.</param>
/// <param name="Detail">RocksDB's message.</param>
/// <param name="At">When the store found it.</param>
public sealed record StoreNotice(StoreNoticeKind Kind, string Path, string Detail, DateTimeOffset At)
{
    /// <summary>One sentence for a user.</summary>
    public override string ToString() => Kind switch
    {
        StoreNoticeKind.WalTailDiscarded =>
            $"The write-ahead log in {Path} ended in an incomplete record, which was discarded ({Detail}); this is normal after a power loss or an operating system crash, and no acknowledged write is in such a record.",
        StoreNoticeKind.WalDamaged =>
            $"The write-ahead log in {Path} was damaged before its end ({Detail}); the records in the damaged part were skipped, the rest was kept, and orgs whose logs miss updates are marked damaged.",
        StoreNoticeKind.TableFileDamaged =>
            $"A table file of the database in {Path} is damaged ({Detail}); the database was opened without paranoid checks so the orgs it does not hold keep working.",
        _ => $"{Kind} in {Path}: {Detail}",
    };
}

/// <summary>What the store found when it opened the database.</summary>
public enum StoreNoticeKind
{
    /// <summary>The write-ahead log ended in a torn record (normal after a crash): not an error.</summary>
    WalTailDiscarded = 1,

    /// <summary>The write-ahead log was damaged before its last record: records were skipped.</summary>
    WalDamaged = 2,

    /// <summary>A table file could not be opened or verified: reads that touch it fail.</summary>
    TableFileDamaged = 3,
}
