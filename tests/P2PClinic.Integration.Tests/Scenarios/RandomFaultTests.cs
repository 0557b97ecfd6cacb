using System.Globalization;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>
/// A seeded schedule of partitions, kills, pauses and edits on the shared cluster, then every fault healed: the
/// nodes converge on exactly what the API acknowledged. The seed is printed, and named in any failure; replay one with
/// <c>P2PCLINIC_FAULT_SEED=&lt;seed&gt;</c>.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class RandomFaultTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int Steps = 14;

    private enum Fault
    {
        Edit,
        Disconnect,
        Reconnect,
        Pause,
        Unpause,
        KillAndRestart,
    }

    [DockerFact]
    public async Task ASeededScheduleOfPartitionsKillsPausesAndEdits_ThenHeal_ConvergesOnEverythingAcknowledged()
    {
        var seed = Environment.GetEnvironmentVariable("P2PCLINIC_FAULT_SEED") is { Length: > 0 } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"fault schedule seed {seed} (replay: P2PCLINIC_FAULT_SEED={seed})");
        try
        {
            await RunScheduleAsync(new Random(seed));
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"fault schedule with seed {seed} failed (replay: P2PCLINIC_FAULT_SEED={seed}): {e.Message}", e);
        }
    }

    private async Task RunScheduleAsync(Random random)
    {
        var nodes = cluster.Nodes;
        var org = await ClinicData.ShareWithAsync(cluster.A, "Clinic chaos", cluster.B, cluster.C);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        var disconnected = new HashSet<NodeContainer>();
        NodeContainer? paused = null;
        try
        {
            for (var step = 0; step < Steps; step++)
            {
                var fault = (Fault)random.Next(Enum.GetValues<Fault>().Length);
                var node = nodes[random.Next(nodes.Count)];
                output.WriteLine($"step {step}: {fault} on {node.Name}");
                switch (fault)
                {
                    case Fault.Edit when node != paused:
                        // A few writes at once on every node that answers: partitioned nodes write too.
                        await Task.WhenAll(nodes.Where(n => n != paused).Select(async n =>
                        {
                            var name = $"Step {step:D2} by {n.Name}";
                            await ClinicData.AddContactAsync(n, org, name, $"+1 {step}");
                            lock (expected)
                            {
                                expected.Add(name);
                            }
                        }));
                        break;
                    case Fault.Disconnect when node != paused && disconnected.Add(node):
                        await node.DisconnectAsync();
                        break;
                    case Fault.Reconnect when disconnected.Remove(node):
                        await node.ReconnectAsync();
                        break;
                    case Fault.Pause when paused is null:
                        await node.PauseAsync();
                        paused = node;
                        break;
                    case Fault.Unpause when paused is not null:
                        await paused.UnpauseAsync();
                        paused = null;
                        break;
                    case Fault.KillAndRestart when node != paused:
                        // Back on the LAN in its new container, whatever its old one was cut off from.
                        await node.KillAsync();
                        await node.RestartAsync();
                        disconnected.Remove(node);
                        break;
                    default:
                        output.WriteLine("  (not applicable now: skipped)");
                        break;
                }

                // Let the faults act for a moment: links drop, consent expires, offers time out.
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 4000)));
            }
        }
        finally
        {
            if (paused is not null)
            {
                await paused.UnpauseAsync();
            }

            foreach (var node in disconnected)
            {
                await node.ReconnectAsync();
            }
        }

        var converged = await Convergence.WaitConvergedAsync(org, nodes, output);
        Assert.Equal(expected, ClinicData.ContactNames(converged));
    }
}
