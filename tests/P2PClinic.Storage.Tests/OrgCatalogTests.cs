using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

public sealed class OrgCatalogTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();
    private DocumentStore _store;

    public OrgCatalogTests()
    {
        _store = DocumentStore.Open(_dir.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Create_FirstOrg_BecomesTheDefault()
    {
        var org = await _store.Orgs.CreateAsync(Org("Personal"));

        Assert.True(org.IsDefault);
        Assert.Equal(org, _store.Orgs.GetDefault());
    }

    [Fact]
    public async Task Create_StoresEveryField_AndGetReturnsThem()
    {
        var id = Guid.NewGuid();
        var created = await _store.Orgs.CreateAsync(new NewOrg(" Work ", "#A1B2C3") { Id = id, RoomId = "room-42", Sharing = OrgSharing.Shared });

        var read = _store.Orgs.Get(id);

        Assert.Equal(created, read);
        Assert.Equal("Work", read.Name);
        Assert.Equal("#a1b2c3", read.Color);
        Assert.Equal("room-42", read.RoomId);
        Assert.Equal(OrgSharing.Shared, read.Sharing);
    }

    [Fact]
    public async Task Create_StampsCreationTimeFromTheInjectedClock()
    {
        _store.Dispose();
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
        _store = DocumentStore.Open(_dir.Path, new DocumentStoreOptions { TimeProvider = clock });

        var org = await _store.Orgs.CreateAsync(Org());

        Assert.Equal(clock.Now, org.CreatedAt);
    }

    [Fact]
    public async Task Create_SecondOrgWithoutMakeDefault_LeavesTheDefaultAlone()
    {
        var first = await _store.Orgs.CreateAsync(Org("Personal"));
        var second = await _store.Orgs.CreateAsync(Org("Work"));

        Assert.False(second.IsDefault);
        Assert.Equal(first.Id, _store.Orgs.GetDefault()!.Id);
    }

    [Fact]
    public async Task Create_WithMakeDefault_MovesTheDefault_SoExactlyOneOrgIsDefault()
    {
        await _store.Orgs.CreateAsync(Org("Personal"));
        var work = await _store.Orgs.CreateAsync(Org("Work") with { MakeDefault = true });

        var defaults = _store.Orgs.List().Where(o => o.IsDefault).ToList();

        Assert.Equal(work.Id, Assert.Single(defaults).Id);
    }

    [Fact]
    public async Task Create_WithAnIdThatExists_ThrowsOrgAlreadyExists_AndKeepsTheOriginal()
    {
        var id = Guid.NewGuid();
        await _store.Orgs.CreateAsync(Org("Original") with { Id = id });

        var e = await Assert.ThrowsAsync<OrgAlreadyExistsException>(() => _store.Orgs.CreateAsync(Org("Copy") with { Id = id }));

        Assert.Equal(id, e.OrgId);
        Assert.Equal("Original", _store.Orgs.Get(id).Name);
    }

    [Theory]
    [InlineData("", "#336699", "Name")]
    [InlineData("   ", "#336699", "Name")]
    [InlineData("tab\tname", "#336699", "Name")]
    [InlineData("Clinic", "blue", "Color")]
    [InlineData("Clinic", "#33669", "Color")]
    [InlineData("Clinic", "#33669g", "Color")]
    [InlineData("Clinic", "", "Color")]
    public async Task Create_WithAnInvalidField_ThrowsArgumentExceptionNamingIt_AndStoresNothing(string name, string color, string field)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.CreateAsync(new NewOrg(name, color)));

        Assert.Equal(field, e.ParamName);
        Assert.Empty(_store.Orgs.List());
    }

    [Fact]
    public async Task Create_WithATooLongName_ThrowsNamingTheField()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(
            () => _store.Orgs.CreateAsync(Org(new string('x', OrgMetadata.MaxNameLength + 1))));

        Assert.Equal("Name", e.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task Create_WithAnInvalidRoomId_ThrowsNamingTheField(string roomId)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.CreateAsync(Org() with { RoomId = roomId }));

        Assert.Equal("RoomId", e.ParamName);
    }

    [Fact]
    public async Task Create_WithTheEmptyGuid_IsRefused()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.CreateAsync(Org() with { Id = Guid.Empty }));

        Assert.Equal("Id", e.ParamName);
    }

    [Fact]
    public async Task List_ReturnsOrgsOldestFirst()
    {
        _store.Dispose();
        var clock = new FixedClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        _store = DocumentStore.Open(_dir.Path, new DocumentStoreOptions { TimeProvider = clock });
        foreach (var name in new[] { "C", "A", "B" })
        {
            await _store.Orgs.CreateAsync(Org(name));
            clock.Now = clock.Now.AddMinutes(1);
        }

        Assert.Equal(["C", "A", "B"], _store.Orgs.List().Select(o => o.Name));
    }

    [Fact]
    public void Get_UnknownId_ThrowsOrgNotFound_AndFindReturnsNull()
    {
        var id = Guid.NewGuid();

        var e = Assert.Throws<OrgNotFoundException>(() => _store.Orgs.Get(id));

        Assert.Equal(id, e.OrgId);
        Assert.Null(_store.Orgs.Find(id));
    }

    [Fact]
    public async Task Update_RenamesRecolorsAndShares()
    {
        var org = await _store.Orgs.CreateAsync(Org("Old"));

        var updated = await _store.Orgs.UpdateAsync(org.Id, o => o with { Name = "New", Color = "#000000", RoomId = "r1", Sharing = OrgSharing.Shared });

        Assert.Equal(updated, _store.Orgs.Get(org.Id));
        Assert.Equal(("New", "#000000", "r1", OrgSharing.Shared), (updated.Name, updated.Color, updated.RoomId, updated.Sharing));
    }

    [Fact]
    public async Task Update_WithAnInvalidName_ThrowsAndKeepsTheRecord()
    {
        var org = await _store.Orgs.CreateAsync(Org("Kept"));

        await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.UpdateAsync(org.Id, o => o with { Name = " " }));

        Assert.Equal(org, _store.Orgs.Get(org.Id));
    }

    [Fact]
    public async Task Update_ChangingTheIdOrCreationTime_IsRefused()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        var id = await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.UpdateAsync(org.Id, o => o with { Id = Guid.NewGuid() }));
        var created = await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.UpdateAsync(org.Id, o => o with { CreatedAt = o.CreatedAt.AddDays(1) }));

        Assert.Equal("Id", id.ParamName);
        Assert.Equal("CreatedAt", created.ParamName);
        Assert.Equal(org, _store.Orgs.Get(org.Id));
    }

    [Fact]
    public async Task Update_ClearingTheDefaultFlag_IsRefused_SoThereIsAlwaysADefault()
    {
        var org = await _store.Orgs.CreateAsync(Org());

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.Orgs.UpdateAsync(org.Id, o => o with { IsDefault = false }));

        Assert.Equal("IsDefault", e.ParamName);
        Assert.True(_store.Orgs.Get(org.Id).IsDefault);
    }

    [Fact]
    public async Task Update_UnknownId_ThrowsOrgNotFound()
    {
        await Assert.ThrowsAsync<OrgNotFoundException>(() => _store.Orgs.UpdateAsync(Guid.NewGuid(), o => o with { Name = "x" }));
    }

    [Fact]
    public async Task SetDefault_MovesTheFlag_AndSurvivesReopen()
    {
        var personal = await _store.Orgs.CreateAsync(Org("Personal"));
        var work = await _store.Orgs.CreateAsync(Org("Work"));

        await _store.Orgs.SetDefaultAsync(work.Id);
        _store.Dispose();
        _store = DocumentStore.Open(_dir.Path);

        Assert.False(_store.Orgs.Get(personal.Id).IsDefault);
        Assert.True(_store.Orgs.Get(work.Id).IsDefault);
    }

    [Fact]
    public async Task ConcurrentCreatesWithMakeDefault_LeaveExactlyOneDefault()
    {
        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => _store.Orgs.CreateAsync(Org($"Org {i}") with { MakeDefault = true }))));

        Assert.Equal(16, _store.Orgs.List().Count);
        Assert.Single(_store.Orgs.List(), o => o.IsDefault);
    }

    [Fact]
    public async Task Orgs_SurviveReopen()
    {
        var a = await _store.Orgs.CreateAsync(Org("A"));
        var b = await _store.Orgs.CreateAsync(Org("B") with { RoomId = "room" });

        _store.Dispose();
        _store = DocumentStore.Open(_dir.Path);

        Assert.Equal([a, b], _store.Orgs.List());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
