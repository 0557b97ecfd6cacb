using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;
using P2PClinic.Tests.Greeter.V1;
using P2PClinic.Tests.ThrowsOnStart.V1;

namespace P2PClinic.Host.Tests;

/// <summary>Loading real plugin assemblies: manifests, dependency order and failure isolation, seen through node status.</summary>
public sealed class PluginLoadingTests : IClassFixture<PluginNodeFixture>
{
    private readonly PluginNodeFixture _fixture;
    private readonly TestNode _node;

    public PluginLoadingTests(PluginNodeFixture fixture)
    {
        _fixture = fixture;
        _node = fixture.Node;
    }

    private async Task<PluginStatus> StatusOf(string id)
    {
        var status = await _node.Node.GetStatusAsync(new GetStatusRequest());
        return Assert.Single(status.Plugins, p => p.Id == id);
    }

    [Fact]
    public async Task GoodPlugin_RunsAndItsOwnServiceAnswers()
    {
        var status = await StatusOf("tests.greeter");
        var reply = await new Greeter.GreeterClient(_node.Channel).SayHelloAsync(new HelloRequest { Name = "Ada" });

        Assert.Equal(PluginState.Running, status.State);
        Assert.Equal("1.2.0", status.Version);
        Assert.Equal("Hello, Ada! (from tests.greeter 1.2.0)", reply.Message);
    }

    [Fact]
    public async Task GoodPlugin_AnswersOverGrpcWebToo()
    {
        using var channel = _node.CreateGrpcWebChannel();

        var reply = await new Greeter.GreeterClient(channel).SayHelloAsync(new HelloRequest { Name = "Web" });

        Assert.StartsWith("Hello, Web!", reply.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginService_NeedsTheToken()
    {
        using var channel = _node.CreateGrpcChannel("wrong");

        var e = await Assert.ThrowsAsync<RpcException>(async () => await new Greeter.GreeterClient(channel).SayHelloAsync(new HelloRequest { Name = "x" }));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task DependencyStartsBeforeItsDependent()
    {
        var dependent = await StatusOf("tests.a-dependent");
        var started = await File.ReadAllLinesAsync(_fixture.StartLogPath);

        Assert.Equal(PluginState.Running, dependent.State);
        Assert.True(Array.IndexOf(started, "tests.greeter") >= 0, "the greeter started");
        Assert.True(Array.IndexOf(started, "tests.greeter") < Array.IndexOf(started, "tests.a-dependent"), string.Join(", ", started));
    }

    [Theory]
    [InlineData("tests.throws-configure", "ConfigureServices threw InvalidOperationException: configuration is broken on purpose")]
    [InlineData("tests.throws-start", "OnNodeStartedAsync threw InvalidOperationException: start is broken on purpose")]
    [InlineData("tests.needs-newer-sdk", "needs the node's SDK")]
    [InlineData("tests.needs-missing", "depends on 'tests.not-installed'")]
    [InlineData("tests.needs-failed", "depends on 'tests.throws-configure', which failed")]
    [InlineData("tests.copied-sdk", "contains its own copy of P2PClinic.Sdk.dll")]
    public async Task BrokenPlugin_IsFailedWithTheReason(string id, string reason)
    {
        var status = await StatusOf(id);

        Assert.Equal(PluginState.Failed, status.State);
        Assert.Contains(reason, status.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginNeedingANewerSdk_NamesTheRangeAndTheVersionOffered()
    {
        var status = await StatusOf("tests.needs-newer-sdk");

        Assert.Contains("99.0.0", status.FailureReason, StringComparison.Ordinal);
        Assert.Contains("0.1.0", status.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedPlugins_NeverStarted()
    {
        var started = await File.ReadAllLinesAsync(_fixture.StartLogPath);

        Assert.DoesNotContain(started, line => line.Contains("NeedsNewerSdk", StringComparison.Ordinal)
            || line.Contains("MissingDependency", StringComparison.Ordinal)
            || line.Contains("FailedDependency", StringComparison.Ordinal)
            || line.Contains("CopiedSdk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedPluginsRegistrations_DoNotReachTheNode()
    {
        // The plugin that throws in ConfigureServices first registered a TimeProvider that throws on every reading;
        // the node's clock is resolved from the container, so were that registration kept, the node would not start
        // (the clock is created at start) or its status would fail. The node also still serves orgs.
        var status = await _node.Node.GetStatusAsync(new GetStatusRequest());
        var created = await _node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Still works" });

        Assert.True(status.Uptime.ToTimeSpan() > TimeSpan.Zero);
        Assert.Equal("Still works", created.Name);
    }

    [Fact]
    public async Task PluginChanges_AreReportedWithCollectionAndId_AndStreamedToWatchers()
    {
        var org = await _node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Notes" });
        using var watch = _node.Orgs.WatchOrgChanges(new WatchOrgChangesRequest { Id = org.Id });
        await watch.ResponseHeadersAsync;
        var greeter = new Greeter.GreeterClient(_node.Channel);

        var added = await greeter.AddNoteAsync(new AddNoteRequest { OrgId = org.Id, NoteId = "n1", Text = "first" });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var change = watch.ResponseStream.Current;
        var read = await greeter.GetNoteAsync(new GetNoteRequest { OrgId = org.Id, NoteId = "n1" });

        Assert.Equal(["notes:n1"], added.Changed);
        Assert.Equal(org.Id, change.OrgId);
        Assert.Equal(ChangeOrigin.Local, change.Origin);
        var notes = Assert.Single(change.Collections);
        Assert.Equal("notes", notes.Collection);
        Assert.Equal(["n1"], notes.Ids);
        Assert.True(read.Found);
        Assert.Equal("first", read.Text);
    }

    [Fact]
    public async Task WatchOrgChanges_EndsWhenTheOrgIsLeft()
    {
        var org = await _node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Leaving" });
        using var watch = _node.Orgs.WatchOrgChanges(new WatchOrgChangesRequest { Id = org.Id });
        await watch.ResponseHeadersAsync;

        await _node.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = org.Id });

        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None));
    }

    [Fact]
    public async Task PluginCall_OnAnUnknownOrg_IsNotFound()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Greeter.GreeterClient(_node.Channel).AddNoteAsync(new AddNoteRequest { OrgId = Guid.NewGuid().ToString("N"), NoteId = "x", Text = "y" }));

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task PluginCall_WithABadArgument_IsInvalidArgumentNamingTheField()
    {
        var e = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Greeter.GreeterClient(_node.Channel).AddNoteAsync(new AddNoteRequest { OrgId = "nope", NoteId = "x", Text = "y" }));

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.StartsWith("org_id:", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APluginThatFailedAfterMappingItsService_AnswersUnavailableNamingThePluginAndTheReason()
    {
        // tests.throws-start maps StartProbe, then throws in OnNodeStartedAsync (docs/plugins.md, section 5).
        using var webChannel = _node.CreateGrpcWebChannel();
        foreach (var channel in new[] { _node.Channel, webChannel })
        {
            var e = await Assert.ThrowsAsync<RpcException>(async () => await new StartProbe.StartProbeClient(channel).PingAsync(new PingRequest()));

            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            Assert.Contains("plugin 'tests.throws-start' is not running", e.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("start is broken on purpose", e.Status.Detail, StringComparison.Ordinal);
        }
    }
}
