using Microsoft.Extensions.Logging;
using P2PClinic.Storage.Internal;
using RocksDbSharp;

namespace P2PClinic.Storage;

/// <summary>
/// Each org's document as an append-only log of encoded CRDT updates plus its latest state vector
/// (the layout y-leveldb uses for Yjs). Appends are durable when they return; once enough was appended
/// the log is compacted into one merged update, atomically.
/// </summary>
public sealed class OrgUpdateLog
{
    private readonly RocksDatabase _database;
    private readonly StoreLifetime _lifetime;
    private readonly OrgGates _gates;
    private readonly DocumentStoreOptions _options;
    private readonly ILogger _logger;
    private readonly StoreHealth _health;

    // After a failed compaction, wait until the log has grown this much again before retrying, so a
    // merge that keeps failing does not run on every append.
    private readonly Dictionary<Guid, long> _retryCompactionAt = [];

    internal OrgUpdateLog(RocksDatabase database, StoreLifetime lifetime, OrgGates gates, DocumentStoreOptions options, ILogger logger, StoreHealth health)
    {
        _health = health;
        _database = database;
        _lifetime = lifetime;
        _gates = gates;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// Appends one update with the state vector of the document after it. When the returned task
    /// completes, the update and the state vector are on disk (fsync) and survive a crash.
    /// </summary>
    /// <returns>The sequence number of the new record.</returns>
    /// <exception cref="ArgumentException">The update is empty.</exception>
    /// <exception cref="OrgNotFoundException">There is no such org (never created, or left).</exception>
    /// <exception cref="StoreDamagedException">The org's stored data is damaged: nothing is appended until it is
    /// repaired, so nothing is acknowledged that could not be read back.</exception>
    public async Task<long> AppendAsync(Guid orgId, ReadOnlyMemory<byte> update, ReadOnlyMemory<byte> stateVector, CancellationToken cancellationToken = default)
    {
        if (update.IsEmpty)
        {
            throw new ArgumentException("An update must not be empty.", nameof(update));
        }

        using var gate = await _gates.EnterAsync(orgId, cancellationToken).ConfigureAwait(false);
        long sequence;
        DocState after;
        using (_lifetime.EnterShared())
        {
            _health.ThrowIfDamaged(orgId);
            var before = ReadState(orgId, readOptions: null) ?? throw new OrgNotFoundException(orgId);
            sequence = before.NextSequence;
            after = new DocState(
                sequence + 1,
                before.UpdatesSinceCompaction + 1,
                before.BytesSinceCompaction + update.Length,
                stateVector.ToArray());

            using var batch = new WriteBatch();
            batch.Put(StoreKeys.Update(orgId, sequence), update.Span, _database.Updates);
            batch.Put(StoreKeys.Org(orgId), after.Encode(), _database.DocState);
            _database.Db.Write(batch, RocksDatabase.DurableWrite);
        }

        if (ShouldCompact(orgId, after))
        {
            // The append is already durable and acknowledged below whatever happens here.
            try
            {
                using (_lifetime.EnterShared())
                {
                    CompactLocked(orgId);
                }
            }
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                lock (_retryCompactionAt)
                {
                    _retryCompactionAt[orgId] = after.UpdatesSinceCompaction * 2;
                }

                StoreLog.CompactionFailed(_logger, orgId, e);
            }
        }

        return sequence;
    }

    /// <summary>
    /// The org's whole log and state vector, from one consistent snapshot, without blocking appends. Every block
    /// read is checksum-verified, and the log must hold exactly the records its state counts: a damaged log is
    /// an error, never a shorter log.
    /// </summary>
    /// <exception cref="OrgNotFoundException">There is no such org.</exception>
    /// <exception cref="StoreDamagedException">The log or state cannot be read back whole; the org is marked damaged.</exception>
    public OrgLogContents Read(Guid orgId)
    {
        using var section = _lifetime.EnterShared();
        _health.ThrowIfDamaged(orgId);
        try
        {
            return ReadVerified(orgId);
        }
        catch (StoreDamagedException e)
        {
            StoreLog.OrgDamaged(_logger, orgId, e.Damage.Path, e.Damage.Detail);
            throw _health.Record(e);
        }
    }

    /// <summary>Reads the whole log of an org and checks it against its state; the caller holds a shared section.</summary>
    internal OrgLogContents ReadVerified(Guid orgId)
    {
        using var snapshot = _database.Db.CreateSnapshot();
        var readOptions = RocksReads.Verified().SetSnapshot(snapshot);
        var state = ReadState(orgId, readOptions) ?? throw new OrgNotFoundException(orgId);
        var updates = ReadUpdates(orgId, readOptions, snapshot);
        if (MissingRecords(state, updates) is { } missing)
        {
            throw RocksReads.Damaged(_database.Path, orgId,
                $"the log holds {updates.Count} record(s) where its state counts {state.UpdatesSinceCompaction} ending at sequence {state.NextSequence - 1}", missing);
        }

        return new OrgLogContents(orgId, updates, state.StateVector, state.NextSequence);
    }

    /// <summary>
    /// Every append writes its record and the new state in one batch, and a compaction replaces records
    /// [first, last] by one at <c>last</c>, also with the state: so the log is always exactly the sequences
    /// [next - records, next). A record lost to a damaged write-ahead log breaks that. Returns how many are missing.
    /// </summary>
    internal static long? MissingRecords(DocState state, IReadOnlyList<LoggedUpdate> updates)
    {
        var first = state.NextSequence - state.UpdatesSinceCompaction;
        var present = updates.LongCount(u => u.Sequence >= first && u.Sequence < state.NextSequence);
        var stray = updates.Count - present;
        return present == state.UpdatesSinceCompaction && stray == 0 ? null : Math.Max(state.UpdatesSinceCompaction - present, 0);
    }

    /// <summary>The state vector stored with the org's latest append; empty if nothing was appended yet.</summary>
    /// <exception cref="OrgNotFoundException">There is no such org.</exception>
    public byte[] ReadStateVector(Guid orgId)
    {
        using var section = _lifetime.EnterShared();
        return (ReadState(orgId, readOptions: null) ?? throw new OrgNotFoundException(orgId)).StateVector;
    }

    /// <summary>
    /// Merges the org's whole log into one record now, whatever the thresholds say.
    /// </summary>
    /// <returns>True if the log was rewritten; false if it held fewer than two records.</returns>
    /// <exception cref="InvalidOperationException">The store has no <see cref="DocumentStoreOptions.MergeUpdates"/>.</exception>
    /// <exception cref="OrgNotFoundException">There is no such org.</exception>
    public async Task<bool> CompactAsync(Guid orgId, CancellationToken cancellationToken = default)
    {
        if (_options.MergeUpdates is null)
        {
            throw new InvalidOperationException("This store was opened without a merge function, so it cannot compact logs.");
        }

        using var gate = await _gates.EnterAsync(orgId, cancellationToken).ConfigureAwait(false);
        using var section = _lifetime.EnterShared();
        return CompactLocked(orgId);
    }

    private bool ShouldCompact(Guid orgId, DocState state)
    {
        if (_options.MergeUpdates is null || state.UpdatesSinceCompaction < 2)
        {
            return false;
        }

        lock (_retryCompactionAt)
        {
            if (_retryCompactionAt.TryGetValue(orgId, out var retryAt) && state.UpdatesSinceCompaction < retryAt)
            {
                return false;
            }
        }

        return state.UpdatesSinceCompaction >= _options.CompactAfterUpdates
            || state.BytesSinceCompaction >= _options.CompactAfterBytes;
    }

    /// <summary>
    /// Replaces records [first, last] by one merged record at <c>last</c>, in ONE write batch: the batch
    /// puts the merged update over record <c>last</c>, range-deletes [first, last) and rewrites the doc
    /// state. RocksDB applies a batch atomically, so after a crash the log is either the old records or
    /// the merged one, never a mix and never neither. Later appends get sequence numbers above
    /// <c>last</c>, so order is kept. The caller holds the org's gate and a shared lifetime section.
    /// </summary>
    private bool CompactLocked(Guid orgId)
    {
        var merge = _options.MergeUpdates!;
        _health.ThrowIfDamaged(orgId);
        var state = ReadState(orgId, readOptions: null) ?? throw new OrgNotFoundException(orgId);
        var records = ReadUpdates(orgId, readOptions: null, snapshot: null);
        if (MissingRecords(state, records) is not null)
        {
            // Never merge a log with holes: the merged record would hide that updates are missing.
            throw _health.Record(RocksReads.Damaged(_database.Path, orgId, "the log misses records its state counts", MissingRecords(state, records)));
        }

        if (records.Count < 2)
        {
            return false;
        }

        var merged = merge(records.Select(r => r.Update).ToArray());
        if (merged is null || merged.Length == 0)
        {
            throw new InvalidOperationException("The merge function returned no update.");
        }

        _options.BeforeCompactionWrite?.Invoke(orgId);

        using var batch = BuildCompactionBatch(orgId, records, merged, state);
        _database.Db.Write(batch, RocksDatabase.DurableWrite);
        lock (_retryCompactionAt)
        {
            _retryCompactionAt.Remove(orgId);
        }

        StoreLog.Compacted(_logger, orgId, records.Count, records.Sum(r => (long)r.Update.Length), merged.Length);
        return true;
    }

    internal WriteBatch BuildCompactionBatch(Guid orgId, IReadOnlyList<LoggedUpdate> records, byte[] merged, DocState state)
    {
        var first = records[0].Sequence;
        var last = records[^1].Sequence;
        var batch = new WriteBatch();
        var start = StoreKeys.Update(orgId, first);
        var end = StoreKeys.Update(orgId, last);
        batch.DeleteRange(start, (ulong)start.Length, end, (ulong)end.Length, _database.Updates);
        batch.Put(end, merged, _database.Updates);
        // The merged record counts as one record, but its bytes do not count toward the next byte
        // threshold: otherwise a document larger than the threshold would be re-merged on every append.
        batch.Put(StoreKeys.Org(orgId), (state with { UpdatesSinceCompaction = 1, BytesSinceCompaction = 0 }).Encode(), _database.DocState);
        return batch;
    }

    internal DocState? ReadState(Guid orgId, ReadOptions? readOptions)
    {
        var value = RocksReads.Get(_database.Db, StoreKeys.Org(orgId), _database.DocState, readOptions, _database.Path, orgId);
        return value is null ? null : DocState.Decode(orgId, value);
    }

    private List<LoggedUpdate> ReadUpdates(Guid orgId, ReadOptions? readOptions, Snapshot? snapshot)
    {
        // Bounds keep the iterator inside the org's prefix: reading one org never touches another's keys.
        var bounded = (readOptions ?? RocksReads.Verified())
            .SetIterateLowerBound(StoreKeys.Update(orgId, 0))
            .SetIterateUpperBound(StoreKeys.UpdatesEnd(orgId));
        var updates = new List<LoggedUpdate>();
        using (var iterator = _database.Db.NewIterator(_database.Updates, bounded))
        {
            for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
            {
                updates.Add(new LoggedUpdate(StoreKeys.ReadSequence(iterator.GetKeySpan()), iterator.Value()));
            }

            // Valid() is also false when a block failed its checksum: that is damage, not the end of the log.
            RocksReads.ThrowIfFailed(iterator, _database.Path, orgId);
        }

        // The bounds live in memory owned by the options and the snapshot must outlive the iterator.
        GC.KeepAlive(bounded);
        GC.KeepAlive(snapshot);
        return updates;
    }
}
