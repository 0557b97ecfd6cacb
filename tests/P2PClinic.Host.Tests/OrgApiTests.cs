using Grpc.Core;
using P2PClinic.Api.Orgs.V1;

namespace P2PClinic.Host.Tests;

/// <summary>The org service through native gRPC against a real node process.</summary>
public sealed class OrgApiTests : IClassFixture<NodeFixture>
{
    private readonly OrgService.OrgServiceClient _orgs;

    public OrgApiTests(NodeFixture fixture)
    {
        _orgs = fixture.Node.Orgs;
    }

    [Fact]
    public async Task CreateOrg_ValidName_ReturnsTheOrgAndListsIt()
    {
        var created = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "  Clinic North  ", Color = "#AABBCC" });

        Assert.Equal("Clinic North", created.Name);
        Assert.Equal("#aabbcc", created.Color);
        Assert.Equal(32, created.Id.Length);
        Assert.NotNull(created.CreatedAt);
        var listed = await _orgs.ListOrgsAsync(new ListOrgsRequest());
        Assert.Contains(listed.Orgs, o => o.Id == created.Id && o.Name == "Clinic North");
        var fetched = await _orgs.GetOrgAsync(new GetOrgRequest { Id = created.Id });
        Assert.Equal(created, fetched);
    }

    [Fact]
    public async Task CreateOrg_WithoutColor_GetsAPaletteColor()
    {
        var created = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "No color" });

        Assert.Matches("^#[0-9a-f]{6}$", created.Color);
    }

    [Fact]
    public async Task RenameAndRecolor_ChangeOnlyThatField()
    {
        var created = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Before", Color = "#112233" });

        var renamed = await _orgs.RenameOrgAsync(new RenameOrgRequest { Id = created.Id, Name = "After" });
        var recolored = await _orgs.RecolorOrgAsync(new RecolorOrgRequest { Id = created.Id, Color = "#445566" });

        Assert.Equal("After", renamed.Name);
        Assert.Equal("#112233", renamed.Color);
        Assert.Equal("After", recolored.Name);
        Assert.Equal("#445566", recolored.Color);
    }

    [Fact]
    public async Task CreateOrg_NameAnotherOrgHas_IgnoringCase_IsAlreadyExists()
    {
        var name = "Taken " + Guid.NewGuid().ToString("N")[..6];
        var first = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = name });

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = " " + name.ToUpperInvariant() }));

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Equal($"name: an org named '{name.ToUpperInvariant()}' already exists ({first.Id}); choose another name", e.Status.Detail);
        Assert.Single((await _orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs, o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task RenameOrg_ToANameAnotherOrgHas_IsAlreadyExists_ButItsOwnNameInAnotherCaseIsFine()
    {
        var name = "Kept " + Guid.NewGuid().ToString("N")[..6];
        var kept = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = name });
        var other = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Other " + Guid.NewGuid().ToString("N")[..6] });

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.RenameOrgAsync(new RenameOrgRequest { Id = other.Id, Name = name.ToLowerInvariant() }));
        var recased = await _orgs.RenameOrgAsync(new RenameOrgRequest { Id = kept.Id, Name = name.ToUpperInvariant() });

        Assert.Equal(StatusCode.AlreadyExists, e.StatusCode);
        Assert.Contains($"({kept.Id})", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(other.Name, (await _orgs.GetOrgAsync(new GetOrgRequest { Id = other.Id })).Name);
        Assert.Equal(name.ToUpperInvariant(), recased.Name);
    }

    [Fact]
    public async Task SetDefaultOrg_MovesTheDefaultFlag()
    {
        var first = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "First" });
        var second = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Second" });

        await _orgs.SetDefaultOrgAsync(new SetDefaultOrgRequest { Id = second.Id });
        var afterSecond = (await _orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs;
        await _orgs.SetDefaultOrgAsync(new SetDefaultOrgRequest { Id = first.Id });
        var afterFirst = (await _orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs;

        Assert.Equal(second.Id, Assert.Single(afterSecond, o => o.IsDefault).Id);
        Assert.Equal(first.Id, Assert.Single(afterFirst, o => o.IsDefault).Id);
    }

    [Fact]
    public async Task LeaveOrg_RemovesIt_AndASecondLeaveIsNotFound()
    {
        var created = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Temporary" });

        await _orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = created.Id });

        Assert.DoesNotContain((await _orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs, o => o.Id == created.Id);
        var again = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = created.Id }));
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\tinside")]
    public async Task CreateOrg_BadName_IsInvalidArgumentNamingTheField(string name)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = name }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("name:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateOrg_NameTooLong_IsInvalidArgument()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = new string('x', 201) }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("name:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("red")]
    [InlineData("#12345")]
    [InlineData("#1234567")]
    [InlineData("#gggggg")]
    public async Task CreateOrg_BadColor_IsInvalidArgumentNamingTheField(string color)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Colorful", Color = color }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("color:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecolorOrg_EmptyColor_IsInvalidArgument()
    {
        var created = await _orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Recolor me" });

        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.RecolorOrgAsync(new RecolorOrgRequest { Id = created.Id }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("color:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-id")]
    [InlineData("00000000000000000000000000000000")]
    public async Task GetOrg_MalformedId_IsInvalidArgumentNamingTheField(string id)
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () => await _orgs.GetOrgAsync(new GetOrgRequest { Id = id }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("id:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCallOnAnUnknownOrg_IsNotFound()
    {
        var unknown = Guid.NewGuid().ToString("N");
        Func<Task>[] calls =
        [
            async () => await _orgs.GetOrgAsync(new GetOrgRequest { Id = unknown }),
            async () => await _orgs.RenameOrgAsync(new RenameOrgRequest { Id = unknown, Name = "x" }),
            async () => await _orgs.RecolorOrgAsync(new RecolorOrgRequest { Id = unknown, Color = "#000000" }),
            async () => await _orgs.SetDefaultOrgAsync(new SetDefaultOrgRequest { Id = unknown }),
            async () => await _orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = unknown }),
            async () =>
            {
                using var watch = _orgs.WatchOrgChanges(new WatchOrgChangesRequest { Id = unknown });
                await watch.ResponseStream.MoveNext(CancellationToken.None);
            },
        ];

        foreach (var call in calls)
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.NotFound, e.StatusCode);
        }
    }
}
