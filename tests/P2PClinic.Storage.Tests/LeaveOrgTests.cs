using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

public sealed class LeaveOrgTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private DocumentStore _store;

    public LeaveOrgTests()
    {
        _store = Open();
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private DocumentStore Open() =>
        DocumentStore.Open(_dir.Path, new DocumentStoreOptions { CompactAfterUpdates = 4, MergeUpdates = ConcatMerge.Merge });

    private static string NewMarker() => $"MARKER-{Guid.NewGuid():N}";

    /// <summary>Writes the marker into an org's log in the memtable/WAL and, flushed, in table files.</summary>
    private async Task<OrgMetadata> CreateOrgHoldingAsync(string marker, string name)
    {
        var org = await _store.Orgs.CreateAsync(Org(name));
        for (var i = 0; i < 6; i++)
        {
            await _store.Updates.AppendAsync(org.Id, Bytes($"{marker} update {i}"), Bytes($"{marker} sv {i}"));
        }

        return org;
    }

    [Fact]
    public async Task LeavingAnOrg_ScrubsItsBytesFromEveryFileUnderTheDataDirectory_WhileOtherOrgsKeepTheirs()
    {
        var marker = NewMarker();
        var otherMarker = NewMarker();
        var leaving = await CreateOrgHoldingAsync(marker, "Leaving");
        var staying = await CreateOrgHoldingAsync(otherMarker, "Staying");
        // Reopening flushes the memtables to table files, so the marker sits in SSTs as well as the WAL.
        _store.Dispose();
        _store = Open();
        await _store.Updates.AppendAsync(leaving.Id, Bytes($"{marker} after reopen"), Bytes("sv"));
        Assert.NotEmpty(_dir.FilesContaining(marker));
        Assert.Contains(_dir.FilesContaining(marker), f => f.EndsWith(".sst", StringComparison.Ordinal));

        await _store.Orgs.UpdateAsync(leaving.Id, o => o with { Name = marker[..20] });
        await _store.LeaveOrgAsync(leaving.Id);

        Assert.Empty(_dir.FilesContaining(marker));
        Assert.Empty(_dir.FilesContaining(marker[..20]));
        Assert.NotEmpty(_dir.FilesContaining(otherMarker));
        Assert.Contains($"{otherMarker} update 5", ConcatMerge.Originals(_store.Updates.Read(staying.Id)));
    }

    [Fact]
    public async Task AfterLeaving_TheOrgIsGoneFromEveryApi_AndStaysGoneAfterReopen()
    {
        var org = await CreateOrgHoldingAsync(NewMarker(), "Gone");

        await _store.LeaveOrgAsync(org.Id);
        _store.Dispose();
        _store = Open();

        Assert.Null(_store.Orgs.Find(org.Id));
        Assert.Empty(_store.Orgs.List());
        Assert.Throws<OrgNotFoundException>(() => _store.Updates.Read(org.Id));
        await Assert.ThrowsAsync<OrgNotFoundException>(() => _store.Updates.AppendAsync(org.Id, Bytes("late"), Bytes("sv")));
        await Assert.ThrowsAsync<OrgNotFoundException>(() => _store.LeaveOrgAsync(org.Id));
    }

    [Fact]
    public async Task LeavingTheDefaultOrg_MakesTheOldestRemainingOrgTheDefault()
    {
        var first = await _store.Orgs.CreateAsync(Org("First"));
        var second = await _store.Orgs.CreateAsync(Org("Second"));
        await _store.Orgs.CreateAsync(Org("Third"));

        await _store.LeaveOrgAsync(first.Id);

        Assert.Equal(second.Id, _store.Orgs.GetDefault()!.Id);
        Assert.Single(_store.Orgs.List(), o => o.IsDefault);
    }

    [Fact]
    public async Task LeavingTheLastOrg_LeavesNoDefault()
    {
        var only = await _store.Orgs.CreateAsync(Org());

        await _store.LeaveOrgAsync(only.Id);

        Assert.Null(_store.Orgs.GetDefault());
    }

    [Fact]
    public async Task LeavingANonDefaultOrg_KeepsTheDefault()
    {
        var first = await _store.Orgs.CreateAsync(Org("First"));
        var second = await _store.Orgs.CreateAsync(Org("Second"));

        await _store.LeaveOrgAsync(second.Id);

        Assert.Equal(first.Id, _store.Orgs.GetDefault()!.Id);
    }

    [Fact]
    public async Task ALeaveInterruptedBeforeItsScrub_IsFinishedByTheNextOpen()
    {
        var marker = NewMarker();
        var org = await CreateOrgHoldingAsync(marker, "Interrupted");
        _store.Dispose();
        _store = Open();
        Assert.Contains(_dir.FilesContaining(marker), f => f.EndsWith(".sst", StringComparison.Ordinal));

        // Only the logical half runs, as if the node died right after it.
        await _store.DeleteOrgRecordsAsync(org.Id, CancellationToken.None);
        _store.Dispose();
        _store = Open();

        Assert.Empty(_dir.FilesContaining(marker));
        Assert.Null(_store.Orgs.Find(org.Id));
    }

    [Fact]
    public async Task LeavingOneOrg_WhileAnotherIsBeingWritten_LosesNoneOfTheOtherOrgsUpdates()
    {
        var leaving = await CreateOrgHoldingAsync(NewMarker(), "Leaving");
        var busy = await _store.Orgs.CreateAsync(Org("Busy"));

        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
            {
                await _store.Updates.AppendAsync(busy.Id, Bytes($"b{i}"), Bytes("sv"));
            }
        });
        await _store.LeaveOrgAsync(leaving.Id);
        await writer;

        Assert.Equal(Enumerable.Range(0, 60).Select(i => $"b{i}"), ConcatMerge.Originals(_store.Updates.Read(busy.Id)));
    }
}
