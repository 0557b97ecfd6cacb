using System.ComponentModel;
using P2PClinic.Api.Node.V1;
using P2PClinic.Cli.Internal;
using P2PClinic.Cli.Views;
using Spectre.Console;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary><c>p2pclinic plugins ...</c>: the plugins the node loaded, and why any failed.</summary>
internal static class PluginCommands
{
    public static void AddPluginCommands(this IConfigurator config) =>
        config.AddBranch("plugins", plugins =>
        {
            plugins.SetDescription("The node's plugins.");
            plugins.AddCommand<ListCommand>("list")
                .WithDescription("List the plugins with their version and state, and the reason when one failed or is degraded.");
        });

    public static Table Table(IEnumerable<PluginView> plugins)
    {
        var table = CliOutput.Table("Plugin", "Version", "State", "Reason");
        foreach (var plugin in plugins)
        {
            CliOutput.AddRow(table, plugin.Id, plugin.Version, plugin.State, plugin.FailureReason ?? plugin.DegradedReason ?? "");
        }

        return table;
    }

    [Description("List the plugins with their version and state.")]
    internal sealed class ListCommand : NodeCommand<NodeSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, NodeSettings settings)
        {
            var client = new NodeService.NodeServiceClient(call.Channel);
            var status = await client.GetStatusAsync(new GetStatusRequest(), call.Options);
            IReadOnlyList<PluginView> plugins = status.Plugins.Select(PluginView.From).ToArray();
            if (call.Json)
            {
                call.Output.WriteJson(plugins, CliJson.Default.IReadOnlyListPluginView);
            }
            else if (plugins.Count == 0)
            {
                call.Output.WriteLine("The node has no plugins loaded.");
            }
            else
            {
                call.Output.Write(Table(plugins));
            }

            return ExitCodes.Ok;
        }
    }
}
