using RocksDbSharp;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// Repair: copies everything that can still be read from a damaged database into a new one. A damaged table
/// file cannot be fixed in place (RocksDB cannot compact a block it cannot read, and a file can hold records of
/// several orgs), so the whole database is rewritten and the damaged files go away with the old one.
/// </summary>
/// <remarks>
/// Each column family is read forward until the first error, then backward from its end until that point, so
/// one damaged block costs only the records in it; an org's log records between the two are then read one by
/// one (an org's state says which sequences exist). An org whose log lost records gets them renumbered to stay
/// contiguous (the log invariant) and an empty state vector, so a peer will send it everything it lacks.
/// </remarks>
internal sealed class DatabaseRebuild
{
    private static readonly IComparer<byte[]> KeyOrder = Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b));

    private readonly RocksDatabase _source;
    private readonly TimeProvider _time;

    private DatabaseRebuild(RocksDatabase source, TimeProvider time)
    {
        _source = source;
        _time = time;
    }

    /// <summary>Per org: records kept, and records lost (null when the org's state was unreadable).</summary>
    public Dictionary<Guid, (long Kept, long? Lost)> Outcome { get; } = [];

    /// <summary>Copies what <paramref name="source"/> can still read into a new database at <paramref name="targetPath"/>.</summary>
    public static DatabaseRebuild Run(RocksDatabase source, string targetPath, TimeProvider time)
    {
        var rebuild = new DatabaseRebuild(source, time);
        rebuild.CopyTo(targetPath);
        return rebuild;
    }

    private void CopyTo(string targetPath)
    {
        var orgs = Scan(_source.Orgs);
        var states = Scan(_source.DocState);
        var updates = Scan(_source.Updates);
        var scrubs = Scan(_source.PendingScrub);
        var defaults = Scan(_source.Default);

        var orgIds = new SortedSet<Guid>();
        foreach (var key in orgs.Keys.Concat(states.Keys).Concat(updates.Keys))
        {
            orgIds.Add(StoreKeys.ReadOrg(key));
        }

        using var target = RocksDatabase.Open(targetPath);
        using var batch = new WriteBatch();
        var metadata = new List<OrgMetadata>();
        foreach (var orgId in orgIds)
        {
            metadata.Add(orgs.TryGetValue(StoreKeys.Org(orgId), out var record) && TryDecode(orgId, record) is { } org
                ? org
                // The catalog lost this org's record but its document survives: keep the document under a name
                // that says what happened; the user can rename it.
                : new OrgMetadata(orgId, $"Recovered org {orgId.ToString("N")[..8]}", "#808080", null, false, _time.GetUtcNow(), OrgSharing.LocalOnly));
            CopyLog(orgId, states, updates, target, batch);
        }

        // Exactly one default whenever there is an org: keep the surviving one, or give it to the oldest.
        var defaultId = metadata.FirstOrDefault(o => o.IsDefault)?.Id ?? metadata.OrderBy(o => o.CreatedAt).FirstOrDefault()?.Id;
        foreach (var org in metadata)
        {
            batch.Put(StoreKeys.Org(org.Id), OrgRecordCodec.Encode(org with { IsDefault = org.Id == defaultId }), target.Orgs);
        }

        foreach (var (key, value) in scrubs)
        {
            batch.Put(key, value, target.PendingScrub);
        }

        foreach (var (key, value) in defaults.Where(d => !d.Key.AsSpan().SequenceEqual(RocksDatabase.NoticesKey)))
        {
            batch.Put(key, value, target.Default);
        }

        target.Db.Write(batch, RocksDatabase.DurableWrite);
        target.FlushAll();
    }

    private void CopyLog(Guid orgId, SortedDictionary<byte[], byte[]> states, SortedDictionary<byte[], byte[]> updates, RocksDatabase target, WriteBatch batch)
    {
        DocState? state = null;
        if (states.TryGetValue(StoreKeys.Org(orgId), out var stateBytes))
        {
            try
            {
                state = DocState.Decode(orgId, stateBytes);
            }
            catch (StoreCorruptionException)
            {
                state = null;
            }
        }

        var records = updates.Where(u => StoreKeys.ReadOrg(u.Key) == orgId)
            .Select(u => new LoggedUpdate(StoreKeys.ReadSequence(u.Key), u.Value))
            .ToDictionary(u => u.Sequence);
        if (state is not null)
        {
            // Records the scan could not reach may still be readable one by one (they sit in intact blocks).
            for (var sequence = state.NextSequence - state.UpdatesSinceCompaction; sequence < state.NextSequence; sequence++)
            {
                if (!records.ContainsKey(sequence) && TryGet(StoreKeys.Update(orgId, sequence)) is { } value)
                {
                    records[sequence] = new LoggedUpdate(sequence, value);
                }
            }
        }

        var kept = records.Values.OrderBy(r => r.Sequence).ToList();
        long? lost = state is null ? null : Math.Max(0, state.UpdatesSinceCompaction - kept.LongCount(r => r.Sequence >= state.NextSequence - state.UpdatesSinceCompaction));
        var next = Math.Max(state?.NextSequence ?? 0, kept.Count > 0 ? kept[^1].Sequence + 1 : 0);
        var intact = state is not null && lost == 0 && OrgUpdateLog.MissingRecords(state, kept) is null;
        for (var i = 0; i < kept.Count; i++)
        {
            // Intact logs keep their sequence numbers; a log with holes is renumbered to end at the same place.
            var sequence = intact ? kept[i].Sequence : next - kept.Count + i;
            batch.Put(StoreKeys.Update(orgId, sequence), kept[i].Update, target.Updates);
        }

        var newState = intact
            ? state!
            : new DocState(next, kept.Count, 0, []);
        batch.Put(StoreKeys.Org(orgId), newState.Encode(), target.DocState);
        Outcome[orgId] = (kept.Count, lost);
    }

    private byte[]? TryGet(byte[] key)
    {
        try
        {
            return _source.Db.Get(key, _source.Updates, RocksReads.Verified());
        }
        catch (RocksDbException)
        {
            return null;
        }
    }

    private static OrgMetadata? TryDecode(Guid orgId, byte[] record)
    {
        try
        {
            return OrgRecordCodec.Decode(StoreKeys.Org(orgId), record);
        }
        catch (StoreCorruptionException)
        {
            return null;
        }
    }

    /// <summary>Every record of a family that can be read: forward to the first error, then backward to it.</summary>
    private SortedDictionary<byte[], byte[]> Scan(ColumnFamilyHandle family)
    {
        var records = new SortedDictionary<byte[], byte[]>(KeyOrder);
        using (var forward = _source.Db.NewIterator(family, RocksReads.Verified()))
        {
            for (forward.SeekToFirst(); forward.Valid(); forward.Next())
            {
                records[forward.Key()] = forward.Value();
            }

            if (RocksReads.ErrorOf(forward) is null)
            {
                return records;
            }
        }

        var lastForward = records.Count > 0 ? records.Keys.Last() : null;
        using var backward = _source.Db.NewIterator(family, RocksReads.Verified());
        for (backward.SeekToLast(); backward.Valid(); backward.Prev())
        {
            var key = backward.Key();
            if (lastForward is not null && KeyOrder.Compare(key, lastForward) <= 0)
            {
                break;
            }

            records[key] = backward.Value();
        }

        return records;
    }
}
