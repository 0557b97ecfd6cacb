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

    /// <summary>The store's own keys in the default column family.</summary>
    public static readonly byte[] NoticesKey = "p2pclinic/notices"u8.ToArray();

    private IReadOnlyList<ColumnFamilyHandle> _allFamilies = [];

    private RocksDatabase(string path)
    {
        Path = path;
    }

    public RocksDb Db { get; private set; } = null!;

    public string Path { get; }

    public ColumnFamilyHandle Orgs { get; private set; } = null!;

    public ColumnFamilyHandle Updates { get; private set; } = null!;

    public ColumnFamilyHandle DocState { get; private set; } = null!;

    public ColumnFamilyHandle PendingScrub { get; private set; } = null!;

    public ColumnFamilyHandle Default { get; private set; } = null!;

    /// <summary>What the last opening had to deal with (a torn WAL tail, a damaged WAL, a damaged table file).</summary>
    public IReadOnlyList<(StoreNoticeKind Kind, string Message)> OpenFindings { get; private set; } = [];

    /// <summary>Whether the database runs without paranoid checks because a table file is damaged.</summary>
    public bool Degraded { get; private set; }

    /// <summary>Every write the store acknowledges goes through these options: fsync before returning.</summary>
    public static WriteOptions DurableWrite { get; } = new WriteOptions().SetSync(true);

    public static RocksDatabase Open(string path)
    {
        var database = new RocksDatabase(path);
        database.OpenHere();
        return database;
    }

    /// <summary>Opens the database at <see cref="Path"/> again after <see cref="Dispose"/> (a repair swapped its files).</summary>
    public void Reopen() => OpenHere();

    /// <summary>
    /// Opens with the strictest settings first and relaxes only as far as the damage found requires, remembering
    /// each step in <see cref="OpenFindings"/>:
    /// <list type="number">
    /// <item>WAL recovery <c>kAbsoluteConsistency</c> with paranoid checks: any damage fails the open.</item>
    /// <item>A WAL corruption: retry with <c>kTolerateCorruptedTailRecords</c>. If that opens, the WAL only ended in
    /// an incomplete record, which a crash during a write leaves (never an acknowledged write: those are synced
    /// whole); that is normal, not an error.</item>
    /// <item>Still a WAL corruption: the damage is before the tail. Retry with <c>kSkipAnyCorruptedRecords</c>, which
    /// keeps every record it can read after the damage too (<c>kPointInTimeRecovery</c>, RocksDB's default, would
    /// silently drop everything after it).</item>
    /// <item>A table file (.sst) that cannot be opened: retry without paranoid checks, so the database opens and only
    /// reads that touch that file fail (and a compaction that cannot read it does not stop every write).</item>
    /// </list>
    /// </summary>
    private void OpenHere()
    {
        var findings = new List<(StoreNoticeKind, string)>();
        var recovery = Recovery.AbsoluteConsistency;
        var paranoid = true;
        while (true)
        {
            try
            {
                OpenWith(recovery, paranoid);
                OpenFindings = findings;
                Degraded = !paranoid;
                return;
            }
            catch (StoreUnavailableException e) when (e.Reason == StoreUnavailableReason.Corrupted && e.InnerException is RocksDbException inner)
            {
                var message = inner.Message ?? "";
                if (paranoid && message.Contains(".sst", StringComparison.Ordinal))
                {
                    findings.Add((StoreNoticeKind.TableFileDamaged, message));
                    paranoid = false;
                }
                else if (recovery == Recovery.AbsoluteConsistency && IsWalDamage(message))
                {
                    findings.Add((StoreNoticeKind.WalTailDiscarded, message));
                    recovery = Recovery.TolerateCorruptedTailRecords;
                }
                else if (recovery == Recovery.TolerateCorruptedTailRecords && IsWalDamage(message))
                {
                    // Not just the tail: replace the finding made on the first attempt.
                    findings.RemoveAll(f => f.Item1 == StoreNoticeKind.WalTailDiscarded);
                    findings.Add((StoreNoticeKind.WalDamaged, message));
                    recovery = Recovery.SkipAnyCorruptedRecords;
                }
                else
                {
                    throw;
                }
            }
        }
    }

    // A WAL record that fails its checksum or ends early; damage in the MANIFEST or a table file names that file.
    private static bool IsWalDamage(string message) =>
        !message.Contains(".sst", StringComparison.Ordinal) && !message.Contains("MANIFEST", StringComparison.Ordinal);

    private void OpenWith(Recovery recovery, bool paranoid)
    {
        var dbOptions = new DbOptions()
            .SetCreateIfMissing(true)
            .SetCreateMissingColumnFamilies(true)
            .SetParanoidChecks(paranoid)
            .SetWalRecoveryMode(recovery)
            // A recycled WAL file is overwritten in place, so bytes of a left org could survive in
            // its tail; with recycling off, obsolete WAL files are deleted.
            .SetRecycleLogFileNum(0)
            // No WAL archive: obsolete WAL files are deleted at once, never kept for replication.
            .SetWalTtlSeconds(0)
            .SetWalSizeLimitMB(0)
            .SetKeepLogFileNum(4);

        var path = Path;
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
        Db = db;
        _allFamilies = all;
        Default = db.GetDefaultColumnFamily();
        Orgs = db.GetColumnFamily(OrgsFamily);
        Updates = db.GetColumnFamily(UpdatesFamily);
        DocState = db.GetColumnFamily(DocStateFamily);
        PendingScrub = db.GetColumnFamily(PendingScrubFamily);
    }

    /// <summary>The names of every column family, the default one first.</summary>
    public IReadOnlyList<ColumnFamilyHandle> AllFamilies => _allFamilies;

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
