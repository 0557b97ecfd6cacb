using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using P2PClinic.Storage.Internal;
using RocksDbSharp;

namespace P2PClinic.Storage;

/// <summary>
/// A node's document store: one RocksDB database under <c>&lt;dataDirectory&gt;/db</c> holding every org's
/// metadata (<see cref="Orgs"/>) and CRDT update log (<see cref="Updates"/>). Only one process can hold
/// a data directory open at a time. Thread-safe.
/// </summary>
public sealed class DocumentStore : IDisposable
{
    /// <summary>The name of the database folder inside the data directory.</summary>
    public const string DatabaseFolderName = "db";

    // A repair builds the new database beside the old one and swaps the folders (see PrepareDirectories).
    private const string RepairFolderName = "db.repair";
    private const string ReplacedFolderName = "db.replaced";
    private const string RepairCompleteMarker = "P2PCLINIC-REPAIR-COMPLETE";

    private readonly RocksDatabase _database;
    private readonly StoreHealth _health = new();
    private readonly DocumentStoreOptions _options;
    private readonly StoreLifetime _lifetime;
    private readonly OrgGates _gates;
    private readonly SemaphoreSlim _catalogGate = new(1, 1);
    private readonly ILogger _logger;

    private DocumentStore(string dataDirectory, RocksDatabase database, DocumentStoreOptions options, ILogger logger)
    {
        DataDirectory = dataDirectory;
        _database = database;
        _options = options;
        _logger = logger;
        _lifetime = new StoreLifetime();
        _gates = new OrgGates();
        Orgs = new OrgCatalog(database, _lifetime, _catalogGate, options.TimeProvider, _health);
        Updates = new OrgUpdateLog(database, _lifetime, _gates, options, logger, _health);
    }

    /// <summary>Orgs whose stored data is damaged (found when the store opened or by a later read); they refuse writes and reads.</summary>
    public IReadOnlyDictionary<Guid, OrgDamage> DamagedOrgs => _health.DamagedOrgs;

    /// <summary>Damage to the org catalog itself (the list of orgs cannot be read whole), or null.</summary>
    public OrgDamage? CatalogDamage => _health.CatalogDamage;

    /// <summary>What opening the database had to deal with (a torn or damaged write-ahead log, a damaged table file).</summary>
    public IReadOnlyList<StoreNotice> Notices => _health.Notices;

    /// <summary>Whether the database runs without RocksDB's paranoid checks because a table file is damaged (until a repair).</summary>
    public bool IsDegraded => _database.Degraded;

    /// <summary>The damage of one org, or null if its data reads back whole.</summary>
    public OrgDamage? DamageOf(Guid orgId) => _health.DamageOf(orgId);

    /// <summary>The node data directory this store lives in.</summary>
    public string DataDirectory { get; }

    /// <summary>The raw database, for tests that damage records on purpose.</summary>
    internal RocksDatabase Database => _database;

    /// <summary>The orgs and their metadata.</summary>
    public OrgCatalog Orgs { get; }

    /// <summary>The orgs' documents, as update logs.</summary>
    public OrgUpdateLog Updates { get; }

    /// <summary>
    /// Opens (or creates) the store in a node data directory, and finishes any scrub of a left org that
    /// a crash interrupted.
    /// </summary>
    /// <exception cref="StoreUnavailableException">
    /// The directory is damaged, unreadable, not a directory, or held by another running node; the
    /// message names the path and the problem.
    /// </exception>
    public static DocumentStore Open(string dataDirectory, DocumentStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        options ??= new DocumentStoreOptions();
        if (options.CompactAfterUpdates < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CompactAfterUpdates, "CompactAfterUpdates must be at least 2.");
        }

        if (options.CompactAfterBytes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CompactAfterBytes, "CompactAfterBytes must be positive.");
        }

        var logger = options.Logger ?? NullLogger.Instance;
        var fullPath = Path.GetFullPath(dataDirectory);
        var databasePath = PrepareDirectories(fullPath, logger);
        var database = RocksDatabase.Open(databasePath);
        var store = new DocumentStore(fullPath, database, options, logger);
        try
        {
            var pending = store.FinishInterruptedScrubs();
            store.RecordNotices();
            store.CheckEveryOrg();
            StoreLog.Opened(logger, fullPath, pending);
            return store;
        }
        catch (RocksDbException e)
        {
            // A table file found damaged while finishing a scrub is an opening problem too.
            store.Dispose();
            throw StoreOpenErrors.FromRocksDb(databasePath, e);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Leaves an org: deletes its metadata, update log and state in one durable batch (another org
    /// becomes the default if it was), then makes the bytes physically gone from the data directory:
    /// flushes every memtable so the WAL files holding them become obsolete, rewrites every table file
    /// overlapping the org's keys, and deletes obsolete files before returning.
    /// </summary>
    /// <remarks>
    /// The scrub blocks every other store operation while it runs (it must see no open snapshot,
    /// which would keep deleted records alive through compaction). If the node dies after the delete
    /// and before the scrub ends, the next <see cref="Open"/> finishes it.
    /// </remarks>
    /// <exception cref="OrgNotFoundException">There is no such org.</exception>
    public async Task LeaveOrgAsync(Guid orgId, CancellationToken cancellationToken = default)
    {
        await DeleteOrgRecordsAsync(orgId, cancellationToken).ConfigureAwait(false);
        using (_lifetime.EnterExclusive())
        {
            Scrub(orgId);
        }

        StoreLog.OrgLeft(_logger, orgId);
    }

    /// <summary>
    /// The logical half of leaving: one durable batch that deletes the org's metadata, state and log and
    /// records a pending scrub. Separate so tests can stop a leave between its halves.
    /// </summary>
    internal async Task DeleteOrgRecordsAsync(Guid orgId, CancellationToken cancellationToken)
    {
        using (await _gates.EnterAsync(orgId, cancellationToken).ConfigureAwait(false))
        {
            await _catalogGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var section = _lifetime.EnterShared();
                var org = Orgs.ReadOrg(orgId, readOptions: null) ?? throw new OrgNotFoundException(orgId);
                var key = StoreKeys.Org(orgId);
                using var batch = new WriteBatch();
                Orgs.DeleteInto(batch, org);
                batch.Delete(key, _database.DocState);
                var start = StoreKeys.Update(orgId, 0);
                var end = StoreKeys.UpdatesEnd(orgId);
                batch.DeleteRange(start, (ulong)start.Length, end, (ulong)end.Length, _database.Updates);
                batch.Put(key, Array.Empty<byte>(), _database.PendingScrub);
                _database.Db.Write(batch, RocksDatabase.DurableWrite);
            }
            finally
            {
                _catalogGate.Release();
            }
        }
    }

    /// <summary>
    /// Repairs the store for a damaged org: rebuilds the whole database from what can still be read (a damaged
    /// table file can hold records of several orgs and cannot be rewritten in place), swaps it in, and checks every
    /// org again. Orgs that were not damaged keep all their data; damaged ones keep every record that could be read.
    /// Every other store operation waits while it runs.
    /// </summary>
    /// <remarks>
    /// The new database is built in <c>db.repair</c> and marked complete before the folders are swapped, so a crash
    /// at any point leaves either the old database or the complete new one (<see cref="Open"/> finishes the swap).
    /// The old database is deleted, as leaving an org deletes its data: no copy of the damaged files is kept.
    /// </remarks>
    /// <exception cref="OrgNotFoundException">No record of the org survives anywhere in the database.</exception>
    public async Task<OrgRepairResult> RepairOrgAsync(Guid orgId, CancellationToken cancellationToken = default)
    {
        // Hold the org's gate and the catalog gate so no append or catalog change is between awaits meanwhile.
        using (await _gates.EnterAsync(orgId, cancellationToken).ConfigureAwait(false))
        {
            await _catalogGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using (_lifetime.EnterExclusive())
                {
                    return RepairLocked(orgId);
                }
            }
            finally
            {
                _catalogGate.Release();
            }
        }
    }

    private OrgRepairResult RepairLocked(Guid orgId)
    {
        var databasePath = _database.Path;
        var repairPath = Path.Combine(DataDirectory, RepairFolderName);
        var replacedPath = Path.Combine(DataDirectory, ReplacedFolderName);
        DeleteIfExists(repairPath);
        var damagedBefore = _health.DamagedOrgs.Keys.ToHashSet();
        var rebuild = DatabaseRebuild.Run(_database, repairPath, _options.TimeProvider);
        if (!rebuild.Outcome.TryGetValue(orgId, out var outcome))
        {
            DeleteIfExists(repairPath);
            throw new OrgNotFoundException(orgId);
        }

        File.WriteAllBytes(Path.Combine(repairPath, RepairCompleteMarker), []);
        _database.Dispose();
        Directory.Move(databasePath, replacedPath);
        Directory.Move(repairPath, databasePath);
        File.Delete(Path.Combine(databasePath, RepairCompleteMarker));
        DeleteIfExists(replacedPath);
        _database.Reopen();
        _health.Clear();
        CheckEveryOrg();

        var others = damagedBefore.Where(id => id != orgId && _health.DamageOf(id) is null).ToList();
        StoreLog.Repaired(_logger, orgId, outcome.Kept, outcome.Lost?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unknown number of", others.Count);
        return new OrgRepairResult(orgId, outcome.Kept, outcome.Lost, others);
    }

    /// <summary>Turns what the opening found into notices (logged), keeping a damaged WAL's notice until a repair.</summary>
    private void RecordNotices()
    {
        var now = _options.TimeProvider.GetUtcNow();
        var notices = new List<StoreNotice>(StoreNoticeCodec.Decode(_database.Db.Get(RocksDatabase.NoticesKey, _database.Default)));
        var found = _database.OpenFindings
            .Select(f => new StoreNotice(f.Kind, RocksReads.FileNamedIn(f.Message) ?? _database.Path, f.Message, now))
            .ToList();
        foreach (var notice in found)
        {
            StoreLog.Notice(_logger, notice);
        }

        // A damaged WAL is consumed by the recovery that skips its bad records: only this record keeps its account.
        var kept = found.Where(f => f.Kind == StoreNoticeKind.WalDamaged).ToList();
        if (kept.Count > 0)
        {
            notices.AddRange(kept);
            _database.Db.Put(RocksDatabase.NoticesKey, StoreNoticeCodec.Encode(notices), _database.Default, RocksDatabase.DurableWrite);
        }

        notices.AddRange(found.Where(f => f.Kind != StoreNoticeKind.WalDamaged));
        _health.Notices = notices;
    }

    /// <summary>Reads every org's state and log once, so a damaged org is reported (and refused) from the start.</summary>
    private void CheckEveryOrg()
    {
        var orgIds = new SortedSet<Guid>();
        try
        {
            foreach (var org in Orgs.List())
            {
                orgIds.Add(org.Id);
            }
        }
        catch (StoreException e) when (e is StoreDamagedException or StoreCorruptionException)
        {
            var damage = e is StoreDamagedException d ? d.Damage : new OrgDamage(null, _database.Path, e.Message, null);
            _health.Record(new StoreDamagedException(damage));
            StoreLog.CatalogDamaged(_logger, damage.Path, damage.Detail);
        }

        // Orgs are also found through their state records, so a damaged catalog does not hide them.
        using (_lifetime.EnterShared())
        using (var iterator = _database.Db.NewIterator(_database.DocState, RocksReads.Verified()))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                orgIds.Add(StoreKeys.ReadOrg(iterator.GetKeySpan()));
            }

            if (RocksReads.ErrorOf(iterator) is { } error)
            {
                // The orgs in the catalog are still checked one by one below (and each is found damaged there).
                StoreLog.CatalogDamaged(_logger, RocksReads.FileNamedIn(error) ?? _database.Path, error);
            }
        }

        foreach (var orgId in orgIds)
        {
            try
            {
                Updates.Read(orgId);
            }
            catch (OrgNotFoundException)
            {
                // A state record without an org is what a leave in progress leaves; its scrub handles it.
            }
            catch (StoreCorruptionException e)
            {
                _health.Record(new StoreDamagedException(new OrgDamage(orgId, _database.Path, e.Message, null)));
                StoreLog.OrgDamaged(_logger, orgId, _database.Path, e.Message);
            }
            catch (StoreDamagedException)
            {
                // Read recorded and logged it.
            }
        }
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Closes the database after the operations in flight finished.</summary>
    public void Dispose()
    {
        if (_lifetime.Close())
        {
            _database.Dispose();
            _catalogGate.Dispose();
        }
    }

    private static string PrepareDirectories(string dataDirectory, ILogger logger)
    {
        if (File.Exists(dataDirectory))
        {
            throw StoreOpenErrors.NotADirectory(dataDirectory);
        }

        var databasePath = Path.Combine(dataDirectory, DatabaseFolderName);
        if (File.Exists(databasePath))
        {
            throw StoreOpenErrors.NotADirectory(databasePath);
        }

        try
        {
            OwnerOnlyFiles.Apply(dataDirectory, logger);
            FinishInterruptedRepair(dataDirectory, databasePath, logger);
            Directory.CreateDirectory(databasePath);
            var hasFiles = Directory.EnumerateFileSystemEntries(databasePath).Any();
            if (hasFiles && !File.Exists(Path.Combine(databasePath, "CURRENT")))
            {
                throw StoreOpenErrors.MissingCurrentFile(databasePath);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw StoreOpenErrors.FromFileSystem(dataDirectory, e);
        }

        return databasePath;
    }

    /// <summary>
    /// A repair that died: without its completion marker the new database is incomplete and is dropped (the old one
    /// is still in place); with it, the swap is finished (the old one may already be gone).
    /// </summary>
    private static void FinishInterruptedRepair(string dataDirectory, string databasePath, ILogger logger)
    {
        var repairPath = Path.Combine(dataDirectory, RepairFolderName);
        var replacedPath = Path.Combine(dataDirectory, ReplacedFolderName);
        if (Directory.Exists(repairPath))
        {
            if (File.Exists(Path.Combine(repairPath, RepairCompleteMarker)))
            {
                if (Directory.Exists(databasePath))
                {
                    Directory.Move(databasePath, replacedPath);
                }

                Directory.Move(repairPath, databasePath);
                File.Delete(Path.Combine(databasePath, RepairCompleteMarker));
                StoreLog.RepairResumed(logger, databasePath);
            }
            else
            {
                DeleteIfExists(repairPath);
            }
        }

        if (Directory.Exists(databasePath))
        {
            DeleteIfExists(replacedPath);
        }
    }

    private int FinishInterruptedScrubs()
    {
        var pending = new List<Guid>();
        using (var iterator = _database.Db.NewIterator(_database.PendingScrub, RocksReads.Verified()))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                pending.Add(StoreKeys.ReadOrg(iterator.GetKeySpan()));
            }

            // An unread pending scrub would leave a left org's bytes on disk: fail the open rather than skip it.
            if (RocksReads.ErrorOf(iterator) is { } error)
            {
                throw StoreOpenErrors.Corrupted(_database.Path, error);
            }
        }

        foreach (var orgId in pending)
        {
            StoreLog.ScrubResumed(_logger, orgId);
            Scrub(orgId);
        }

        return pending.Count;
    }

    /// <summary>The physical half of leaving an org; the caller holds the exclusive section.</summary>
    private void Scrub(Guid orgId)
    {
        _database.FlushAll();
        var orgKey = StoreKeys.Org(orgId);
        var orgEnd = StoreKeys.OrgEnd(orgId);
        _database.ForceCompact(_database.Orgs, orgKey, orgEnd);
        _database.ForceCompact(_database.DocState, orgKey, orgEnd);
        _database.ForceCompact(_database.Updates, StoreKeys.Update(orgId, 0), StoreKeys.UpdatesEnd(orgId));

        // Done: forget the pending scrub, then flush and compact once more so that record (which names
        // only the org id) does not keep the WAL file alive either, and purge what became obsolete.
        _database.Db.Remove(orgKey, _database.PendingScrub, RocksDatabase.DurableWrite);
        _database.FlushAll();
        _database.ForceCompact(_database.PendingScrub, orgKey, orgEnd);
        _database.PurgeObsoleteFiles();
    }
}
