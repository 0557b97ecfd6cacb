using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Testing;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>The plugin as the node sees it: it runs with the calendar, and without it fails alone with a reason.</summary>
public sealed class PluginDependencyTests
{
    [Fact]
    public async Task NodeWithTheCalendar_RunsTheRemindersPlugin()
    {
        await using var node = await TestNode.StartAsync();
        var status = await node.Node.GetStatusAsync(new GetStatusRequest());
        Assert.Equal(PluginState.Running, status.Plugins.Single(p => p.Id == "p2pclinic.reminders").State);
    }

    [Fact]
    public async Task NodeWithoutTheCalendar_RemindersFailNamingIt_AndTheirServiceIsNotServed()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { ExtraArguments = ["--disable-plugin", "p2pclinic.calendar"] });

        var status = await node.Node.GetStatusAsync(new GetStatusRequest());
        var reminders = status.Plugins.Single(p => p.Id == "p2pclinic.reminders");
        Assert.Equal(PluginState.Failed, reminders.State);
        Assert.Contains("p2pclinic.calendar", reminders.FailureReason, StringComparison.Ordinal);
        Assert.Equal(PluginState.Running, status.Plugins.Single(p => p.Id == "p2pclinic.contacts").State);

        var e = await Assert.ThrowsAsync<RpcException>(() => new ReminderService.ReminderServiceClient(node.Channel).ListDueRemindersAsync(new ListDueRemindersRequest { AllOrgs = true }).ResponseAsync);
        // docs/plugins.md section 5 and docs/api.md: a plugin stopped for a missing dependency never mapped its
        // endpoints, so its service is one the node does not serve (Unavailable is for a plugin that failed after mapping).
        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
    }
}
