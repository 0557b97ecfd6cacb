using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Networks;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>
/// The two user-defined networks of a cluster: the LAN (nodes, signaling, Redis: where sync happens and where
/// partitions are made) and the API network, bridge traffic between containers off, which only carries each node's
/// API port published on the host's 127.0.0.1.
/// </summary>
internal sealed class ClusterNetworks : IAsyncDisposable
{
    private ClusterNetworks(INetwork lan, INetwork api)
    {
        Lan = lan;
        Api = api;
    }

    public INetwork Lan { get; }

    public INetwork Api { get; }

    public static async Task<ClusterNetworks> CreateAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var lan = new NetworkBuilder().WithName($"p2pclinic-it-lan-{suffix}").WithCleanUp(false).Build();
        var api = new NetworkBuilder()
            .WithName($"p2pclinic-it-api-{suffix}")
            .WithOption("com.docker.network.bridge.enable_icc", "false")
            .WithCleanUp(false)
            .Build();
        await lan.CreateAsync();
        await api.CreateAsync();
        return new ClusterNetworks(lan, api);
    }

    public async ValueTask DisposeAsync()
    {
        await Lan.DeleteAsync();
        await Api.DeleteAsync();
        await Lan.DisposeAsync();
        await Api.DisposeAsync();
    }
}
