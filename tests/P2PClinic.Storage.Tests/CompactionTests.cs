using P2PClinic.Storage.Internal;
using P2PClinic.Storage.Tests.Fixtures;
using RocksDbSharp;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

public sealed class CompactionTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private DocumentStore? _store;

    public void Dispose()
    {
        _store?.Dispose();
        _dir.Dispose();
    }

    private DocumentStore Open(int compactAfterUpdates = 5, long compactAfterBytes = 1 << 20,
        Func<IReadOnlyList<byte[]>, byte[]>? merge = null, Action<Guid>? beforeWrite = null, bool noMerge = false)
    {
        _store?.Dispose();
        _store = DocumentStore.Open(_dir.Path, new DocumentStoreOptions
        {
            CompactAfterUpdates = compactAfterUpdates,
            CompactAfterBytes = compactAfterBytes,
            MergeUpdates = noMerge ? null : merge ?? ConcatMerge.Merge,
            BeforeCompactionWrite = beforeWrite,
        });
        return _store;
    }

    private static async Task AppendAsync(DocumentStore store, Guid orgId, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            await store.Updates.AppendAsync(orgId, Bytes($"u{i}"), Bytes($"sv{i}"));
        }
    }

    private static IEnumerable<string> Expected(int count) => Enumerable.Range(0, count).Select(i => $"u{i}");

    [Fact]
    public async Task BelowTheThreshold_TheLogIsNotCompacted()
    {
        var store = Open(compactAfterUpdates: 5);
        var org = await store.Orgs.CreateAsync(Org());

        await AppendAsync(store, org.Id, 0, 4);

        Assert.Equal(4, store.Updates.Read(org.Id).Updates.Count);
    }

    [Fact]
    public async Task ReachingTheUpdateThreshold_MergesTheLogIntoOneRecord_KeepingEveryUpdateInOrder()
    {
        var store = Open(compactAfterUpdates: 5);
        var org = await store.Orgs.CreateAsync(Org());

        await AppendAsync(store, org.Id, 0, 5);

        var log = store.Updates.Read(org.Id);
        var merged = Assert.Single(log.Updates);
        Assert.Equal(4, merged.Sequence);
        Assert.Equal(Expected(5), ConcatMerge.Originals(log));
        Assert.Equal(Bytes("sv4"), log.StateVector);
        Assert.Equal(5, log.NextSequence);
    }

    [Fact]
    public async Task ReachingTheByteThreshold_AlsoCompacts()
    {
        var store = Open(compactAfterUpdates: 1000, compactAfterBytes: 10);
        var org = await store.Orgs.CreateAsync(Org());

        await AppendAsync(store, org.Id, 0, 5); // "u0".."u4": 2 bytes each, 10 in all

        Assert.Single(store.Updates.Read(org.Id).Updates);
    }

    [Fact]
    public async Task AMergedDocumentLargerThanTheByteThreshold_IsNotMergedAgainOnEveryAppend()
    {
        var store = Open(compactAfterUpdates: 1000, compactAfterBytes: 100);
        var org = await store.Orgs.CreateAsync(Org());
        for (var i = 0; i < 2; i++)
        {
            await store.Updates.AppendAsync(org.Id, Bytes(new string('x', 60) + i), Bytes("sv"));
        }

        // 122 bytes crossed the threshold once: one merged record of over 100 bytes.
        Assert.Single(store.Updates.Read(org.Id).Updates);
        await AppendAsync(store, org.Id, 0, 3);

        Assert.Equal(4, store.Updates.Read(org.Id).Updates.Count);
    }

    [Fact]
    public async Task AppendsAfterACompaction_FollowTheMergedRecord_AndCompactAgain()
    {
        var store = Open(compactAfterUpdates: 5);
        var org = await store.Orgs.CreateAsync(Org());

        await AppendAsync(store, org.Id, 0, 7);
        var afterFirst = store.Updates.Read(org.Id);
        await AppendAsync(store, org.Id, 7, 5); // 1 merged + 4 new reaches 5 again

        var afterSecond = store.Updates.Read(org.Id);
        Assert.Equal([4L, 5L, 6L], afterFirst.Updates.Select(u => u.Sequence));
        Assert.Equal(Expected(7), ConcatMerge.Originals(afterFirst));
        Assert.Equal(Expected(12), ConcatMerge.Originals(afterSecond));
        Assert.True(afterSecond.Updates.Count < 5);
    }

    [Fact]
    public async Task CompactedLog_SurvivesReopen()
    {
        var store = Open(compactAfterUpdates: 3);
        var org = await store.Orgs.CreateAsync(Org());
        await AppendAsync(store, org.Id, 0, 10);

        store = Open(compactAfterUpdates: 3);

        Assert.Equal(Expected(10), ConcatMerge.Originals(store.Updates.Read(org.Id)));
        Assert.Equal(Bytes("sv9"), store.Updates.ReadStateVector(org.Id));
    }

    [Fact]
    public async Task WithoutAMergeFunction_TheLogIsNeverCompacted_AndCompactAsyncSaysWhy()
    {
        var store = Open(compactAfterUpdates: 2, noMerge: true);
        var org = await store.Orgs.CreateAsync(Org());

        await AppendAsync(store, org.Id, 0, 6);

        Assert.Equal(6, store.Updates.Read(org.Id).Updates.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Updates.CompactAsync(org.Id));
    }

    [Fact]
    public async Task CompactAsync_MergesNowRegardlessOfTheThreshold()
    {
        var store = Open(compactAfterUpdates: 1000);
        var org = await store.Orgs.CreateAsync(Org());
        await AppendAsync(store, org.Id, 0, 3);

        Assert.True(await store.Updates.CompactAsync(org.Id));
        Assert.Single(store.Updates.Read(org.Id).Updates);
        Assert.False(await store.Updates.CompactAsync(org.Id));
        await Assert.ThrowsAsync<OrgNotFoundException>(() => store.Updates.CompactAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task AMergeFunctionThatThrows_LeavesTheLogIntact_AndTheAppendSucceeds()
    {
        var store = Open(compactAfterUpdates: 3, merge: _ => throw new FormatException("bad update"));
        var org = await store.Orgs.CreateAsync(Org());

        await AppendAsync(store, org.Id, 0, 8);

        Assert.Equal(Expected(8), Texts(store.Updates.Read(org.Id)));
    }

    [Fact]
    public async Task ACompactionThatDiesBeforeItsWrite_LosesNothing_AfterReopen()
    {
        var store = Open(compactAfterUpdates: 4, beforeWrite: _ => throw new IOException("simulated crash before the batch"));
        var org = await store.Orgs.CreateAsync(Org());
        await AppendAsync(store, org.Id, 0, 6);

        store = Open(compactAfterUpdates: 4);

        var log = store.Updates.Read(org.Id);
        Assert.Equal(6, log.Updates.Count);
        Assert.Equal(Expected(6), Texts(log));
    }

    [Fact]
    public async Task TheCompactionBatch_IsOneAtomicWrite_OfTheMergedRecordTheRangeDeleteAndTheState()
    {
        var store = Open(compactAfterUpdates: 100);
        var org = await store.Orgs.CreateAsync(Org());
        await AppendAsync(store, org.Id, 0, 4);
        var log = store.Updates.Read(org.Id);
        var state = store.Updates.ReadState(org.Id, readOptions: null)!;

        using var batch = store.Updates.BuildCompactionBatch(org.Id, log.Updates, ConcatMerge.Merge(log.Updates.Select(u => u.Update).ToList()), state);

        // DeleteRange of the older records, Put of the merged record over the last one, Put of the doc state: a
        // single WriteBatch, which RocksDB commits all-or-nothing, so no crash point can lose the updates.
        var operations = WriteBatchRecords.Read(batch.ToBytes());
        var updates = Native.Instance.rocksdb_column_family_handle_get_id(store.Database.Updates.Handle);
        var docState = Native.Instance.rocksdb_column_family_handle_get_id(store.Database.DocState.Handle);
        Assert.Equal(3, operations.Count);
        Assert.Equal(new WriteBatchRecords.Operation(WriteBatchRecords.Kind.DeleteRange, updates, StoreKeys.Update(org.Id, 0), StoreKeys.Update(org.Id, 3)), operations[0]);
        Assert.Equal((WriteBatchRecords.Kind.Put, updates), (operations[1].Kind, operations[1].Family));
        Assert.Equal(StoreKeys.Update(org.Id, 3), operations[1].Key);
        Assert.Equal(Expected(4), ConcatMerge.Unpack(operations[1].Value).Select(b => System.Text.Encoding.UTF8.GetString(b)));
        Assert.Equal((WriteBatchRecords.Kind.Put, docState), (operations[2].Kind, operations[2].Family));
        Assert.Equal(StoreKeys.Org(org.Id), operations[2].Key);
        var written = DocState.Decode(org.Id, operations[2].Value);
        Assert.Equal((4L, 1L, 0L), (written.NextSequence, written.UpdatesSinceCompaction, written.BytesSinceCompaction));
    }

    [Fact]
    public async Task ConcurrentAppendsWhileCompacting_LoseNothing()
    {
        var store = Open(compactAfterUpdates: 7);
        var org = await store.Orgs.CreateAsync(Org());

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await store.Updates.AppendAsync(org.Id, Bytes($"w{w}-{i}"), Bytes("sv"));
            }
        })));

        var originals = ConcatMerge.Originals(store.Updates.Read(org.Id));
        Assert.Equal(200, originals.Count);
        Assert.Equal(200, originals.Distinct().Count());
        for (var w = 0; w < 4; w++)
        {
            var prefix = $"w{w}-";
            Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{prefix}{i}"), originals.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Open_WithAThresholdBelowTwo_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentStore.Open(_dir.Path, new DocumentStoreOptions { CompactAfterUpdates = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => DocumentStore.Open(_dir.Path, new DocumentStoreOptions { CompactAfterBytes = 0 }));
    }
}
