using Grpc.Core;
using P2PClinic.Sdk.Api;

namespace P2PClinic.Sdk.Tests.Api;

/// <summary>How a plugin's gRPC method finds its org and answers the SDK's exceptions.</summary>
public sealed class PluginCallTests
{
    private sealed class Orgs(OrgInfo? defaultOrg) : IOrgDirectory
    {
        public Task<OrgInfo?> FindAsync(Guid orgId, CancellationToken cancellationToken = default) => Task.FromResult<OrgInfo?>(null);

        public Task<OrgInfo?> GetDefaultAsync(CancellationToken cancellationToken = default) => Task.FromResult(defaultOrg);

        public Task<IReadOnlyList<OrgInfo>> ListAsync(CancellationToken cancellationToken = default) => Task.FromResult<IReadOnlyList<OrgInfo>>([]);
    }

    [Fact]
    public async Task ResolveOrgAsync_AnOrgId_IsParsedWithoutAskingForTheDefault()
    {
        var id = Guid.NewGuid();

        Assert.Equal(id, await PluginCall.ResolveOrgAsync(new Orgs(null), $" {id:N} ", default));
    }

    [Fact]
    public async Task ResolveOrgAsync_Empty_IsTheDefaultOrg()
    {
        var org = new OrgInfo(Guid.NewGuid(), "Clinic", "#336699", true, false, null, DateTimeOffset.UnixEpoch);

        Assert.Equal(org.Id, await PluginCall.ResolveOrgAsync(new Orgs(org), "", default));
    }

    [Fact]
    public async Task ResolveOrgAsync_EmptyWithoutADefaultOrg_FailsThePrecondition()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => PluginCall.ResolveOrgAsync(new Orgs(null), " ", default));

        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.StartsWith("org_id:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AMalformedOrgId_IsAnInvalidArgumentNamingTheField()
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => PluginCall.RunAsync(() => PluginCall.ResolveOrgAsync(new Orgs(null), "not-an-id", default)));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("org_id: 'not-an-id' is not an org id (32 hex characters)", e.Status.Detail);
    }

    [Theory]
    [InlineData(0, StatusCode.InvalidArgument, "note: is too long")]
    [InlineData(1, StatusCode.NotFound, "contact c1 not found")]
    [InlineData(2, StatusCode.FailedPrecondition, "nothing is due")]
    public async Task RunAsync_TheSdksExceptions_AreAnsweredWithTheirStatusAndMessage(int kind, StatusCode expected, string detail)
    {
        Exception thrown = kind switch
        {
            0 => new InvalidFieldException("note", "is too long"),
            1 => new RecordNotFoundException("contact c1 not found"),
            _ => new RecordConflictException("nothing is due"),
        };

        var e = await Assert.ThrowsAsync<RpcException>(() => PluginCall.RunAsync(() => Task.FromException(thrown)));

        Assert.Equal(expected, e.StatusCode);
        Assert.Equal(detail, e.Status.Detail);
    }

    [Fact]
    public async Task RunAsync_AnyOtherException_IsLeftForTheNodeToAnswer()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => PluginCall.RunAsync<int>(() => throw new InvalidOperationException("bug")));
    }
}
