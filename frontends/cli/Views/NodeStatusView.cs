using P2PClinic.Api.Node.V1;

namespace P2PClinic.Cli.Views;

/// <summary>The node's status as the CLI prints it.</summary>
internal sealed record NodeStatusView(string Address, string Version, double UptimeSeconds, string DataDirectory, IReadOnlyList<PluginView> Plugins)
{
    public static NodeStatusView From(Uri address, NodeStatus status) => new(
        address.ToString().TrimEnd('/'),
        status.Version,
        status.Uptime?.ToTimeSpan().TotalSeconds ?? 0,
        status.DataDirectory,
        status.Plugins.Select(PluginView.From).ToArray());
}

/// <summary>A plugin as the CLI prints it: state is "running", "failed" (with the reason) or "disabled".</summary>
internal sealed record PluginView(string Id, string Version, string State, string? FailureReason, string? Directory)
{
    public static PluginView From(PluginStatus plugin) => new(
        plugin.Id,
        plugin.Version,
        plugin.State switch
        {
            PluginState.Running => "running",
            PluginState.Failed => "failed",
            PluginState.Disabled => "disabled",
            _ => "unknown",
        },
        string.IsNullOrEmpty(plugin.FailureReason) ? null : plugin.FailureReason,
        string.IsNullOrEmpty(plugin.Directory) ? null : plugin.Directory);
}
