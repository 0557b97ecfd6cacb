using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

public sealed class OrgUpdateLogTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private DocumentStore _store;

    public OrgUpdateLogTests()
    {
        _store = DocumentStore.Open(_dir.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Read_NewOrg_HasAnEmptyLogAndStateVector()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        var log = _store.Updates.Read(org.Id);

        Assert.Empty(log.Updates);
        Assert.Empty(log.StateVector);
        Assert.Equal(0, log.NextSequence);
    }

    [Fact]
    public async Task Append_ReturnsIncreasingSequences_AndReadGivesTheUpdatesInOrder()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        var sequences = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            sequences.Add(await _store.Updates.AppendAsync(org.Id, Bytes($"u{i}"), Bytes($"sv{i}")));
        }

        var log = _store.Updates.Read(org.Id);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), sequences);
        Assert.Equal(sequences, log.Updates.Select(u => u.Sequence));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"u{i}"), Texts(log));
        Assert.Equal(Bytes("sv19"), log.StateVector);
        Assert.Equal(Bytes("sv19"), _store.Updates.ReadStateVector(org.Id));
        Assert.Equal(20, log.NextSequence);
    }

    [Fact]
    public async Task Append_KeepsBinaryUpdatesByteForByte()
    {
        var org = await _store.Orgs.CreateAsync(Org());
        var update = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();

        await _store.Updates.AppendAsync(org.Id, update, new byte[] { 0, 255 });

        Assert.Equal(update, Assert.Single(_store.Updates.Read(org.Id).Updates).Update);
    }

    [Fact]
    public async Task TheLogsOfTwoOrgs_StayApart()
    {
        var a = await _store.Orgs.CreateAsync(Org("A"));
        var b = await _store.Orgs.CreateAsync(Org("B"));

        await _store.Updates.AppendAsync(a.Id, Bytes("a0"), Bytes("sa"));
        await _store.Updates.AppendAsync(b.Id, Bytes("b0"), Bytes("sb"));
        await _store.Updates.AppendAsync(a.Id, Bytes("a1"), Bytes("sa1"));

        Assert.Equal(["a0", "a1"], Texts(_store.Updates.Read(a.Id)));
        Assert.Equal(["b0"], Texts(_store.Updates.Read(b.Id)));
        Assert.Equal(Bytes("sb"), _store.Updates.ReadStateVector(b.Id));
    }

    [Fact]
    public async Task Append_EmptyUpdate_ThrowsArgumentException_AndAppendsNothing()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.Updates.AppendAsync(org.Id, ReadOnlyMemory<byte>.Empty, Bytes("sv")));

        Assert.Equal("update", e.ParamName);
        Assert.Empty(_store.Updates.Read(org.Id).Updates);
    }

    [Fact]
    public async Task Append_UnknownOrg_ThrowsOrgNotFound()
    {
        var id = Guid.NewGuid();

        var e = await Assert.ThrowsAsync<OrgNotFoundException>(() => _store.Updates.AppendAsync(id, Bytes("u"), Bytes("sv")));

        Assert.Equal(id, e.OrgId);
        Assert.Throws<OrgNotFoundException>(() => _store.Updates.Read(id));
        Assert.Throws<OrgNotFoundException>(() => _store.Updates.ReadStateVector(id));
    }

    [Fact]
    public async Task Append_CanceledBeforeItStarts_AppendsNothing()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.Updates.AppendAsync(org.Id, Bytes("u"), Bytes("sv"), new CancellationToken(canceled: true)));

        Assert.Empty(_store.Updates.Read(org.Id).Updates);
    }

    [Fact]
    public async Task ConcurrentAppendsToOneOrg_AllLand_WithDistinctSequences()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < 40; i++)
            {
                mine.Add(await _store.Updates.AppendAsync(org.Id, Bytes($"w{w}-{i}"), Bytes($"{w}")));
            }

            return mine;
        }));
        var sequences = (await Task.WhenAll(writers)).SelectMany(s => s).ToList();

        var log = _store.Updates.Read(org.Id);
        Assert.Equal(320, sequences.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 320).Select(i => (long)i), log.Updates.Select(u => u.Sequence));
        // Each writer's own updates appear in the order it appended them.
        for (var w = 0; w < 8; w++)
        {
            var prefix = $"w{w}-";
            Assert.Equal(Enumerable.Range(0, 40).Select(i => $"{prefix}{i}"), Texts(log).Where(t => t.StartsWith(prefix, StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task TheLog_SurvivesReopen_AndAppendsContinueAfterIt()
    {
        var org = await _store.Orgs.CreateAsync(Org());
        await _store.Updates.AppendAsync(org.Id, Bytes("before-0"), Bytes("sv0"));
        await _store.Updates.AppendAsync(org.Id, Bytes("before-1"), Bytes("sv1"));

        _store.Dispose();
        _store = DocumentStore.Open(_dir.Path);
        var next = await _store.Updates.AppendAsync(org.Id, Bytes("after"), Bytes("sv2"));

        Assert.Equal(2, next);
        Assert.Equal(["before-0", "before-1", "after"], Texts(_store.Updates.Read(org.Id)));
    }

    [Fact]
    public async Task UsingAClosedStore_ThrowsObjectDisposed_InsteadOfCrashing()
    {
        var org = await _store.Orgs.CreateAsync(Org());
        _store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _store.Updates.Read(org.Id));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.Updates.AppendAsync(org.Id, Bytes("u"), Bytes("sv")));
        Assert.Throws<ObjectDisposedException>(() => _store.Orgs.List());
        _store.Dispose();
    }

    [Fact]
    public void TwoStoresOnOneDirectory_InOneProcess_AreRefusedAsLocked()
    {
        var e = Assert.Throws<StoreUnavailableException>(() => DocumentStore.Open(_dir.Path));

        Assert.Equal(StoreUnavailableReason.Locked, e.Reason);
        Assert.Contains(_dir.DatabasePath, e.Message, StringComparison.Ordinal);
    }
}
