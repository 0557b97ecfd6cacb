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

    private readonly RocksDatabase _database;
    private readonly StoreLifetime _lifetime;
    private readonly OrgGates _gates;
    private readonly SemaphoreSlim _catalogGate = new(1, 1);
    private readonly ILogger _logger;

    private DocumentStore(string dataDirectory, RocksDatabase database, DocumentStoreOptions options, ILogger logger)
    {
        DataDirectory = dataDirectory;
        _database = database;
        _logger = logger;
        _lifetime = new StoreLifetime();
        _gates = new OrgGates();
        Orgs = new OrgCatalog(database, _lifetime, _catalogGate, options.TimeProvider);
        Updates = new OrgUpdateLog(database, _lifetime, _gates, options, logger);
    }

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
        try
        {
            var databasePath = PrepareDirectories(fullPath);
            var database = RocksDatabase.Open(databasePath);
            var store = new DocumentStore(fullPath, database, options, logger);
            try
            {
                var pending = store.FinishInterruptedScrubs();
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
        catch (StoreUnavailableException e)
        {
            StoreLog.OpenFailed(logger, e.Path, e.Reason, e);
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

    /// <summary>Closes the database after the operations in flight finished.</summary>
    public void Dispose()
    {
        if (_lifetime.Close())
        {
            _database.Dispose();
            _catalogGate.Dispose();
        }
    }

    private static string PrepareDirectories(string dataDirectory)
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

    private int FinishInterruptedScrubs()
    {
        var pending = new List<Guid>();
        using (var iterator = _database.Db.NewIterator(_database.PendingScrub))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                pending.Add(StoreKeys.ReadOrg(iterator.GetKeySpan()));
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
