using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Host.Hosting;
using P2PClinic.Host.Plugins;
using P2PClinic.Sdk;
using ProtoPluginState = P2PClinic.Api.Node.V1.PluginState;

namespace P2PClinic.Host.Api;

/// <summary>The node's status service (protos/p2pclinic/node/v1/node.proto).</summary>
internal sealed class NodeApiService : NodeService.NodeServiceBase
{
    private readonly PluginHost _plugins;
    private readonly NodeOptions _options;
    private readonly NodeClock _clock;

    public NodeApiService(PluginHost plugins, NodeOptions options, NodeClock clock)
    {
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
            });
        }

        return Task.FromResult(status);
    }
}
