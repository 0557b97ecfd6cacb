using P2PClinic.Api.Node.V1;

namespace P2PClinic.Cli.Views;

/// <summary>The node's status as the CLI prints it.</summary>
internal sealed record NodeStatusView(string Address, string Version, double UptimeSeconds, string DataDirectory, IReadOnlyList<PluginView> Plugins, StorageView Storage)
{
    public static NodeStatusView From(Uri address, NodeStatus status) => new(
        address.ToString().TrimEnd('/'),
        status.Version,
        status.Uptime?.ToTimeSpan().TotalSeconds ?? 0,
        status.DataDirectory,
        status.Plugins.Select(PluginView.From).ToArray(),
        StorageView.From(status.Storage ?? new StorageStatus()));
}

/// <summary>The database: state "ok" or "damaged", what opening it found, and the damaged orgs.</summary>
internal sealed record StorageView(string State, string Path, IReadOnlyList<StorageNoticeView> Notices, IReadOnlyList<DamagedOrgView> DamagedOrgs, string? CatalogDamage)
{
    public static StorageView From(StorageStatus storage) => new(
        storage.State switch
        {
            StorageState.Ok => "ok",
            StorageState.Damaged => "damaged",
            _ => "unknown",
        },
        storage.Path,
        storage.Notices.Select(n => new StorageNoticeView(n.Kind, n.Path, n.Detail, n.Message, n.At?.ToDateTimeOffset())).ToArray(),
        storage.DamagedOrgs.Select(d => new DamagedOrgView(d.OrgId, d.Path, d.Detail, d.Message)).ToArray(),
        string.IsNullOrEmpty(storage.CatalogDamage) ? null : storage.CatalogDamage);
}

/// <summary>Something opening the database found: kind "wal_tail_discarded", "wal_damaged" or "table_file_damaged".</summary>
internal sealed record StorageNoticeView(string Kind, string Path, string Detail, string Message, DateTimeOffset? At);

/// <summary>An org whose data is damaged.</summary>
internal sealed record DamagedOrgView(string OrgId, string Path, string Detail, string Message);

/// <summary>
/// A plugin as the CLI prints it: state is "running", "degraded" (running, but it reports it cannot do all its work:
/// see the degraded reason), "failed" (with the reason) or "disabled".
/// </summary>
internal sealed record PluginView(string Id, string Version, string State, string? FailureReason, string? Directory, string? DegradedReason)
{
    public static PluginView From(PluginStatus plugin) => new(
        plugin.Id,
        plugin.Version,
        plugin.State switch
        {
            PluginState.Running when !string.IsNullOrEmpty(plugin.DegradedReason) => "degraded",
            PluginState.Running => "running",
            PluginState.Failed => "failed",
            PluginState.Disabled => "disabled",
            _ => "unknown",
        },
        string.IsNullOrEmpty(plugin.FailureReason) ? null : plugin.FailureReason,
        string.IsNullOrEmpty(plugin.Directory) ? null : plugin.Directory,
        string.IsNullOrEmpty(plugin.DegradedReason) ? null : plugin.DegradedReason);
}
