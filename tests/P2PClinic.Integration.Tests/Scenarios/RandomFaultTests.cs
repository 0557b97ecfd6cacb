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
    private const int Steps = 16;

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
                // Only what can happen now is drawn (an edit twice as likely), so every step does something.
                var choices = new List<(Fault Fault, NodeContainer Node)>();
                foreach (var n in nodes.Where(n => n != paused))
                {
                    choices.Add((Fault.Edit, n));
                    choices.Add((Fault.Edit, n));
                    choices.Add((disconnected.Contains(n) ? Fault.Reconnect : Fault.Disconnect, n));
                    choices.Add((Fault.KillAndRestart, n));
                    if (paused is null)
                    {
                        choices.Add((Fault.Pause, n));
                    }
                }

                if (paused is not null)
                {
                    choices.Add((Fault.Unpause, paused));
                }

                var (fault, node) = choices[random.Next(choices.Count)];
                output.WriteLine($"step {step}: {fault} on {node.Name}");
                switch (fault)
                {
                    case Fault.Edit:
                        // The chosen node writes a few contacts, partitioned or not.
                        for (var i = 0; i < 3; i++)
                        {
                            var name = $"Step {step:D2} by {node.Name} #{i}";
                            await ClinicData.AddContactAsync(node, org, name, $"+1 {step}{i}");
                            expected.Add(name);
                        }

                        break;
                    case Fault.Disconnect:
                        await node.DisconnectAsync();
                        disconnected.Add(node);
                        break;
                    case Fault.Reconnect:
                        await node.ReconnectAsync();
                        disconnected.Remove(node);
                        break;
                    case Fault.Pause:
                        await node.PauseAsync();
                        paused = node;
                        break;
                    case Fault.Unpause:
                        await node.UnpauseAsync();
                        paused = null;
                        break;
                    case Fault.KillAndRestart:
                        // Back on the LAN in its new container, whatever its old one was cut off from.
                        await node.KillAsync();
                        await node.RestartAsync();
                        disconnected.Remove(node);
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
