using RocksDbSharp;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// The open RocksDB database with its column families, and the few operations the store needs that
/// the wrapper does not offer directly (flush of every family, forced range compaction, synchronous purge).
/// </summary>
internal sealed class RocksDatabase : IDisposable
{
    /// <summary>One JSON record per org: <see cref="OrgMetadata"/>.</summary>
    public const string OrgsFamily = "orgs";

    /// <summary>Per-org append-only update log: org id (16) + sequence (8, big-endian) → update.</summary>
    public const string UpdatesFamily = "updates";

    /// <summary>Per-org <see cref="DocState"/>: next sequence, counters since compaction, state vector.</summary>
    public const string DocStateFamily = "docstate";

    /// <summary>Orgs that were left but whose bytes may still be on disk: org id → empty.</summary>
    public const string PendingScrubFamily = "pendingscrub";

    private static readonly string[] OwnFamilies = [OrgsFamily, UpdatesFamily, DocStateFamily, PendingScrubFamily];

    // rocksdb::BottommostLevelCompaction::kForce (include/rocksdb/options.h): rewrite the last level
    // too, even without a compaction filter, so files that still hold deleted keys are replaced.
    private const byte BottommostLevelCompactionForce = 2;

    private readonly IReadOnlyList<ColumnFamilyHandle> _allFamilies;

    private RocksDatabase(RocksDb db, string path, IReadOnlyList<ColumnFamilyHandle> allFamilies)
    {
        Db = db;
        Path = path;
        _allFamilies = allFamilies;
        Orgs = db.GetColumnFamily(OrgsFamily);
        Updates = db.GetColumnFamily(UpdatesFamily);
        DocState = db.GetColumnFamily(DocStateFamily);
        PendingScrub = db.GetColumnFamily(PendingScrubFamily);
    }

    public RocksDb Db { get; }

    public string Path { get; }

    public ColumnFamilyHandle Orgs { get; }

    public ColumnFamilyHandle Updates { get; }

    public ColumnFamilyHandle DocState { get; }

    public ColumnFamilyHandle PendingScrub { get; }

    /// <summary>Every write the store acknowledges goes through these options: fsync before returning.</summary>
    public static WriteOptions DurableWrite { get; } = new WriteOptions().SetSync(true);

    public static RocksDatabase Open(string path)
    {
        var dbOptions = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .SetParanoidChecks(true)
            // A recycled WAL file is overwritten in place, so bytes of a left org could survive in
            // its tail; with recycling off, obsolete WAL files are deleted.
            .SetRecycleLogFileNum(0)
            // No WAL archive: obsolete WAL files are deleted at once, never kept for replication.
            .SetWalTtlSeconds(0)
            .SetWalSizeLimitMB(0)
            .SetKeepLogFileNum(4);

        string[] existing;
        try
        {
            existing = File.Exists(System.IO.Path.Combine(path, "CURRENT"))
                ? RocksDb.ListColumnFamilies(dbOptions, path).ToArray()
                : [];
        }
        catch (RocksDbException e)
        {
            throw StoreOpenErrors.FromRocksDb(path, e);
        }

        var families = new ColumnFamilies();
        foreach (var name in existing.Concat(OwnFamilies).Distinct(StringComparer.Ordinal))
        {
            if (name != ColumnFamilies.DefaultName)
            {
                families.Add(name, new ColumnFamilyOptions());
            }
        }

        RocksDb db;
        try
        {
            db = RocksDb.Open(dbOptions, path, families);
        }
        catch (RocksDbException e)
        {
            throw StoreOpenErrors.FromRocksDb(path, e);
        }

        var all = new List<ColumnFamilyHandle> { db.GetDefaultColumnFamily() };
        all.AddRange(families.Names.Where(n => n != ColumnFamilies.DefaultName).Select(db.GetColumnFamily));
        return new RocksDatabase(db, path, all);
    }

    /// <summary>Writes the memtables of every column family to table files and waits for it.</summary>
    /// <remarks>
    /// Only when every family is flushed past a WAL file is that file obsolete, so all are flushed,
    /// including the ones the store does not write to.
    /// </remarks>
    public void FlushAll()
    {
        var flush = new FlushOptions().SetWaitForFlush(true);
        Native.Instance.rocksdb_flush_cfs(Db.Handle, flush.Handle, _allFamilies.Select(f => f.Handle).ToArray(), _allFamilies.Count);
        GC.KeepAlive(flush);
    }

    /// <summary>Rewrites every table file overlapping [start, limit) in one family, at every level.</summary>
    public void ForceCompact(ColumnFamilyHandle family, byte[] start, byte[] limit)
    {
        var options = Native.Instance.rocksdb_compactoptions_create();
        try
        {
            Native.Instance.rocksdb_compactoptions_set_bottommost_level_compaction(options, BottommostLevelCompactionForce);
            Native.Instance.rocksdb_compact_range_cf_opt(
                Db.Handle, family.Handle, options, start, (UIntPtr)start.Length, limit, (UIntPtr)limit.Length);
        }
        finally
        {
            Native.Instance.rocksdb_compactoptions_destroy(options);
        }
    }

    /// <summary>Deletes obsolete files (old WAL and table files) now, on this thread.</summary>
    /// <remarks>
    /// Flush and compaction purge obsolete files at the end of their background jobs, which can finish
    /// after the call that waited for them returned. Re-enabling file deletions runs a full
    /// find-and-purge of obsolete files synchronously (DBImpl::EnableFileDeletions), so when this
    /// returns the files are gone.
    /// </remarks>
    public void PurgeObsoleteFiles()
    {
        Db.DisableFileDeletions();
        Db.EnableFileDeletions();
    }

    public void Dispose() => Db.Dispose();
}
