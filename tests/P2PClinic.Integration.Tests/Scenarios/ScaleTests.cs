using System.Diagnostics;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>Eight nodes in one org write 2,000 contacts at once and converge (the time it takes is reported, not asserted).</summary>
[Collection(ScaleCollection.Name)]
public sealed class ScaleTests(ScaleFixture scale, ITestOutputHelper output)
{
    private const int ContactsPerNode = 250;

    [DockerFact]
    public async Task EightNodes_Writing2000ContactsAtOnce_Converge()
    {
        var nodes = scale.Nodes;
        var org = await ClinicData.ShareWithAsync(nodes[0], "Clinic scale", [.. nodes.Skip(1)]);
        await Convergence.WaitConvergedAsync(org, nodes, output);

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(nodes.Select(async node =>
        {
            // Four calls in flight per node: writes from all eight interleave with the sync traffic.
            using var inFlight = new SemaphoreSlim(4);
            await Task.WhenAll(Enumerable.Range(0, ContactsPerNode).Select(async i =>
            {
                await inFlight.WaitAsync();
                try
                {
                    await ClinicData.AddContactAsync(node, org, $"{node.Name} patient {i:D3}", $"+1 {i}");
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }));
        var written = clock.Elapsed;
        var converged = await Convergence.WaitConvergedAsync(org, nodes, output, TimeSpan.FromMinutes(6));
        var total = clock.Elapsed;

        Assert.Equal(
            nodes.SelectMany(n => Enumerable.Range(0, ContactsPerNode).Select(i => $"{n.Name} patient {i:D3}")).Order(StringComparer.Ordinal),
            ClinicData.ContactNames(converged));
        var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Trim() : "unknown";
        output.WriteLine($"scale: {nodes.Count} nodes, {nodes.Count * ContactsPerNode} contacts written in {written.TotalSeconds:F1} s; all nodes equal after {total.TotalSeconds:F1} s (load average {load})");
    }
}

/// <summary>A signaling server and eight nodes N1..N8 for the scale test.</summary>
public sealed class ScaleFixture : IAsyncLifetime
{
    private const int NodeCount = 8;
    private ClusterNetworks? networks;
    private readonly List<NodeContainer> nodes = [];
    private SignalingContainer? signaling;

    internal IReadOnlyList<NodeContainer> Nodes => nodes;

    public async Task InitializeAsync()
    {
        if (!DockerEngine.RequireInContinuousIntegration())
        {
            return; // Every test is skipped with the reason (DockerFact).
        }

        await ContainerImages.EnsureNodeAndSignalingAsync();
        networks = await ClusterNetworks.CreateAsync();
        var authority = TestCertificateAuthority.Create("signaling");
        signaling = await SignalingContainer.StartAsync(networks.Lan, "signaling", authority);
        foreach (var name in Enumerable.Range(1, NodeCount).Select(i => $"N{i}"))
        {
            // One at a time: eight runtimes starting at once on two cores only make each start slower.
            nodes.Add(await NodeContainer.StartAsync(name, networks, authority, signaling.Url));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in nodes)
        {
            await node.DisposeAsync();
        }

        if (signaling is not null)
        {
            await signaling.DisposeAsync();
        }

        if (networks is not null)
        {
            await networks.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleCollection : ICollectionFixture<ScaleFixture>
{
    public const string Name = "scale";
}
