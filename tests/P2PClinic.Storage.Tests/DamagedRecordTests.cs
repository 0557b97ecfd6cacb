using P2PClinic.Storage.Internal;
using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

public sealed class DamagedRecordTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private readonly DocumentStore _store;

    public DamagedRecordTests()
    {
        _store = DocumentStore.Open(_dir.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"v\":99}")]
    [InlineData("null")]
    public async Task DamagedOrgMetadata_ThrowsStoreCorruptionNamingTheOrg(string json)
    {
        var org = await _store.Orgs.CreateAsync(Org());
        _store.Database.Db.Put(StoreKeys.Org(org.Id), Bytes(json), _store.Database.Orgs);

        var e = Assert.Throws<StoreCorruptionException>(() => _store.Orgs.Get(org.Id));

        Assert.Contains(org.Id.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Throws<StoreCorruptionException>(() => _store.Orgs.List());
    }

    [Fact]
    public async Task MetadataStoredUnderAnotherOrgsKey_IsDamaged()
    {
        var a = await _store.Orgs.CreateAsync(Org("A"));
        var b = await _store.Orgs.CreateAsync(Org("B"));
        var bRecord = _store.Database.Db.Get(StoreKeys.Org(b.Id), _store.Database.Orgs);
        _store.Database.Db.Put(StoreKeys.Org(a.Id), bRecord, _store.Database.Orgs);

        Assert.Throws<StoreCorruptionException>(() => _store.Orgs.Get(a.Id));
    }

    [Fact]
    public async Task DamagedDocState_FailsTheAppendWithStoreCorruption_AndAppendsNothing()
    {
        var org = await _store.Orgs.CreateAsync(Org());
        await _store.Updates.AppendAsync(org.Id, Bytes("kept"), Bytes("sv"));
        _store.Database.Db.Put(StoreKeys.Org(org.Id), new byte[] { 1, 2, 3 }, _store.Database.DocState);

        await Assert.ThrowsAsync<StoreCorruptionException>(() => _store.Updates.AppendAsync(org.Id, Bytes("lost?"), Bytes("sv")));

        _store.Database.Db.Put(StoreKeys.Org(org.Id), new DocState(1, 1, 4, Bytes("sv")).Encode(), _store.Database.DocState);
        Assert.Equal(["kept"], Texts(_store.Updates.Read(org.Id)));
    }

    [Fact]
    public void DocState_RoundTripsThroughItsEncoding()
    {
        var state = new DocState(long.MaxValue - 1, 7, 1234, [1, 2, 3]);

        var decoded = DocState.Decode(Guid.NewGuid(), state.Encode());

        Assert.Equal((state.NextSequence, state.UpdatesSinceCompaction, state.BytesSinceCompaction), (decoded.NextSequence, decoded.UpdatesSinceCompaction, decoded.BytesSinceCompaction));
        Assert.Equal(state.StateVector, decoded.StateVector);
    }

    [Fact]
    public void UpdateKeys_SortBySequence_AndStayInsideTheirOrgsBounds()
    {
        var org = Guid.NewGuid();
        var keys = new long[] { 0, 1, 255, 256, 65_536, long.MaxValue - 1 }.Select(s => StoreKeys.Update(org, s)).ToList();

        var sorted = keys.OrderBy(k => k, ByteComparer.Instance).ToList();

        Assert.Equal(keys, sorted);
        Assert.All(keys, k => Assert.True(ByteComparer.Instance.Compare(k, StoreKeys.UpdatesEnd(org)) < 0));
        Assert.Equal(long.MaxValue - 1, StoreKeys.ReadSequence(keys[^1]));
        Assert.Equal(org, StoreKeys.ReadOrg(keys[0]));
    }

    private sealed class ByteComparer : IComparer<byte[]>
    {
        public static ByteComparer Instance { get; } = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
