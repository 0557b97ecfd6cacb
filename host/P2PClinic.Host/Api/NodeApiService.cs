using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Host.Hosting;
using P2PClinic.Host.Plugins;
using P2PClinic.Sdk;
using P2PClinic.Storage;
using ProtoPluginState = P2PClinic.Api.Node.V1.PluginState;

namespace P2PClinic.Host.Api;

/// <summary>The node's status service (protos/p2pclinic/node/v1/node.proto).</summary>
internal sealed class NodeApiService : NodeService.NodeServiceBase
{
    private readonly PluginHost _plugins;
    private readonly NodeOptions _options;
    private readonly NodeClock _clock;
    private readonly DocumentStore _store;

    public NodeApiService(PluginHost plugins, NodeOptions options, NodeClock clock, DocumentStore store)
    {
        _store = store;
        _plugins = plugins;
        _options = options;
        _clock = clock;
    }

    public override Task<NodeStatus> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var status = new NodeStatus
        {
            Version = _plugins.HostVersion.ToNormalizedString(),
            Uptime = Duration.FromTimeSpan(_clock.Uptime),
            DataDirectory = _options.DataDirectory,
            Storage = StorageStatusOf(_store),
        };
        status.Plugins.Add(new PluginStatus { Id = PluginIds.Host, Version = _plugins.HostVersion.ToNormalizedString(), State = ProtoPluginState.Running });
        foreach (var plugin in _plugins.Plugins)
        {
            status.Plugins.Add(new PluginStatus
            {
                Id = plugin.Id,
                Version = plugin.Version?.ToNormalizedString() ?? "",
                State = plugin.State switch
                {
                    Plugins.PluginState.Running => ProtoPluginState.Running,
                    Plugins.PluginState.Disabled => ProtoPluginState.Disabled,
                    Plugins.PluginState.Failed => ProtoPluginState.Failed,
                    _ => ProtoPluginState.Unspecified,
                },
                FailureReason = plugin.FailureReason ?? "",
                Directory = plugin.Directory,
                DegradedReason = plugin.DegradedReason ?? "",
            });
        }

        return Task.FromResult(status);
    }

    internal static StorageStatus StorageStatusOf(DocumentStore store)
    {
        var status = new StorageStatus
        {
            Path = Path.Combine(store.DataDirectory, DocumentStore.DatabaseFolderName),
            CatalogDamage = store.CatalogDamage?.ToString() ?? "",
        };
        foreach (var notice in store.Notices)
        {
            status.Notices.Add(new StorageNotice
            {
                Kind = notice.Kind switch
                {
                    StoreNoticeKind.WalTailDiscarded => "wal_tail_discarded",
                    StoreNoticeKind.WalDamaged => "wal_damaged",
                    StoreNoticeKind.TableFileDamaged => "table_file_damaged",
                    _ => notice.Kind.ToString(),
                },
                Path = notice.Path,
                Detail = notice.Detail,
                Message = notice.ToString(),
                At = Timestamp.FromDateTimeOffset(notice.At),
            });
        }

        foreach (var (orgId, damage) in store.DamagedOrgs.OrderBy(d => d.Key))
        {
            status.DamagedOrgs.Add(new DamagedOrg { OrgId = orgId.ToString("N"), Path = damage.Path, Detail = damage.Detail, Message = damage.ToString() });
        }

        // A torn WAL tail is normal after a crash: reported, but the storage is fine.
        var damaged = status.DamagedOrgs.Count > 0 || store.CatalogDamage is not null
            || store.Notices.Any(n => n.Kind != StoreNoticeKind.WalTailDiscarded);
        status.State = damaged ? StorageState.Damaged : StorageState.Ok;
        return status;
    }
}
