using System.ComponentModel;
using System.Globalization;
using P2PClinic.Api.Node.V1;
using P2PClinic.Cli.Internal;
using P2PClinic.Cli.Views;
using Spectre.Console;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary><c>p2pclinic node ...</c>: the node itself.</summary>
internal static class NodeCommands
{
    public static void AddNodeCommands(this IConfigurator config) =>
        config.AddBranch("node", node =>
        {
            node.SetDescription("The node: its status.");
            node.AddCommand<StatusCommand>("status")
                .WithDescription("Show the node's version, uptime, data directory and plugins.")
                .WithExample("node", "status", "--json");
        });

    [Description("Show the node's version, uptime, data directory and plugins.")]
    internal sealed class StatusCommand : NodeCommand<NodeSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, NodeSettings settings)
        {
            var client = new NodeService.NodeServiceClient(call.Channel);
            var status = NodeStatusView.From(call.Address, await client.GetStatusAsync(new GetStatusRequest(), call.Options));
            if (call.Json)
            {
                call.Output.WriteJson(status, CliJson.Default.NodeStatusView);
                return ExitCodes.Ok;
            }

            var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
            AddFact(facts, "Node", status.Address);
            AddFact(facts, "Version", status.Version);
            AddFact(facts, "Uptime", FormatUptime(TimeSpan.FromSeconds(status.UptimeSeconds)));
            AddFact(facts, "Data directory", status.DataDirectory);
            AddFact(facts, "Plugins", $"{Count(status, "running")} running, {Count(status, "degraded")} degraded, {Count(status, "failed")} failed, {Count(status, "disabled")} disabled");
            AddFact(facts, "Storage", status.Storage.State == "ok" && status.Storage.Notices.Count == 0
                ? "ok"
                : $"{status.Storage.State}: {status.Storage.DamagedOrgs.Count} damaged org(s), {status.Storage.Notices.Count} notice(s)");
            call.Output.Write(facts);
            foreach (var line in StorageLines(status.Storage))
            {
                call.Output.WriteLine(line);
            }

            if (status.Plugins.Count > 0)
            {
                call.Output.Write(PluginCommands.Table(status.Plugins));
            }

            return ExitCodes.Ok;
        }

        private static IEnumerable<string> StorageLines(StorageView storage)
        {
            foreach (var notice in storage.Notices)
            {
                yield return $"storage: {notice.Message}";
            }

            if (storage.CatalogDamage is { } catalog)
            {
                yield return $"storage: {catalog}";
            }

            foreach (var org in storage.DamagedOrgs)
            {
                yield return $"storage: {org.Message}";
            }
        }

        private static int Count(NodeStatusView status, string state) => status.Plugins.Count(p => p.State == state);

        private static void AddFact(Grid grid, string name, string value) =>
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));

        private static string FormatUptime(TimeSpan uptime) => uptime.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)uptime.TotalDays}d {uptime.Hours}h {uptime.Minutes}m")
            : string.Create(CultureInfo.InvariantCulture, $"{uptime.Hours}h {uptime.Minutes}m {uptime.Seconds}s");
    }
}
