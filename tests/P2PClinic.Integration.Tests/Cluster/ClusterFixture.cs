using P2PClinic.Integration.Tests.Docker;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>
/// The shared cluster of the scenario tests: a signaling server (in memory) and three nodes A, B, C, each in its own
/// container on the cluster's networks. Tests make their own orgs and undo their faults (heal partitions, restart
/// what they killed), so one set of containers serves them all; everything is removed at the end.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    internal ClusterNetworks Networks { get; private set; } = null!;

    internal TestCertificateAuthority Authority { get; private set; } = null!;

    internal SignalingContainer Signaling { get; private set; } = null!;

    internal NodeContainer A { get; private set; } = null!;

    internal NodeContainer B { get; private set; } = null!;

    internal NodeContainer C { get; private set; } = null!;

    internal IReadOnlyList<NodeContainer> Nodes => [A, B, C];

    public async Task InitializeAsync()
    {
        if (!DockerEngine.RequireInContinuousIntegration())
        {
            return; // Every test is skipped with the reason (DockerFact).
        }

        await ContainerImages.EnsureNodeAndSignalingAsync();
        Networks = await ClusterNetworks.CreateAsync();
        Authority = TestCertificateAuthority.Create("signaling", "signaling-1", "signaling-2");
        Signaling = await SignalingContainer.StartAsync(Networks.Lan, "signaling", Authority);
        var starting = new[] { "A", "B", "C" }.Select(name => NodeContainer.StartAsync(name, Networks, Authority, Signaling.Url)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // DisposeAsync sees no node yet: remove the ones that did start (a failed one removed itself).
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await started.Result.DisposeAsync();
            }

            throw;
        }

        (A, B, C) = (starting[0].Result, starting[1].Result, starting[2].Result);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in new[] { A, B, C })
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (Signaling is not null)
        {
            await Signaling.DisposeAsync();
        }

        if (Networks is not null)
        {
            await Networks.DisposeAsync();
        }
    }

    /// <summary>Every container's output, for a failing test.</summary>
    internal async Task<string> LogsAsync()
    {
        var parts = new List<string> { "--- signaling ---", await Signaling.LogsAsync() };
        foreach (var node in Nodes)
        {
            parts.Add($"--- node {node.Name} ---");
            parts.Add(Tail(await node.LogsAsync(), 150));
        }

        return string.Join('\n', parts);
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));
}

/// <summary>The scenario tests share one cluster and run one at a time (2 cores, real containers).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
