using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Containers;
using DotNet.Testcontainers.Networks;
using P2PClinic.Integration.Tests.Docker;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>A Redis server on the cluster's LAN (no persistence), the shared store of several signaling instances.</summary>
internal sealed class RedisContainer : IAsyncDisposable
{
    private readonly IContainer container;

    private RedisContainer(IContainer container) => this.container = container;

    public static async Task<RedisContainer> StartAsync(INetwork network, string alias)
    {
        var container = new ContainerBuilder(ContainerImages.Redis)
            .WithName($"p2pclinic-it-{alias}-{Guid.NewGuid():N}"[..40])
            .WithNetwork(network)
            .WithNetworkAliases(alias)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilMessageIsLogged("Ready to accept connections"))
            .Build();
        await container.StartAsync();
        return new RedisContainer(container);
    }

    public async ValueTask DisposeAsync() => await container.DisposeAsync();
}
