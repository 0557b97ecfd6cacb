using P2PClinic.Api.Sync.V1;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>A frozen node, a signaling server that forgets everything, and two signaling instances on one Redis.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SignalingAndPauseTests(ClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>Longer than the transport's consent expiry (FailedTimeout, 8 s by default), so the link is lost, not just quiet.</summary>
    private static readonly TimeSpan PastConsentTimeout = TimeSpan.FromSeconds(15);

    [DockerFact]
    public async Task ANodePausedPastTheConsentTimeout_IsNoticed_TheOthersCarryOn_AndItResyncsOnUnpause()
    {
        var (a, b, c) = (cluster.A, cluster.B, cluster.C);
        var org = await ClinicData.ShareWithAsync(a, "Clinic pause", b, c);
        await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);

        await c.PauseAsync();
        try
        {
            await Task.Delay(PastConsentTimeout);
            await Convergence.WaitForStatusAsync(a, org, s => !s.Peers.Any(p => p.DisplayName == "C" && p.State == PeerState.Synced), "C no longer synced at A");
            await ClinicData.AddContactAsync(b, org, "Written while C was frozen", "+1 50");
            await Convergence.WaitConvergedAsync(org, [a, b], output);
        }
        finally
        {
            await c.UnpauseAsync();
        }

        await ClinicData.AddContactAsync(c, org, "Written by C after it thawed", "+1 51");
        var converged = await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);
        Assert.Equal(["Written by C after it thawed", "Written while C was frozen"], ClinicData.ContactNames(converged));
        await Convergence.WaitForStatusAsync(a, org, s => s.Peers.Any(p => p.DisplayName == "C" && p.State == PeerState.Synced), "C synced again at A");
    }

    [DockerFact]
    public async Task AfterTheSignalingServerRestarts_WithItsMemoryGone_NodesReannounce_AndANewLinkForms()
    {
        var (a, b, c) = (cluster.A, cluster.B, cluster.C);
        var org = await ClinicData.ShareWithAsync(a, "Clinic signaling restart", b, c);
        await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);

        await cluster.Signaling.RestartAsync();

        // C comes back in a new container with a new address: it can meet A and B again only if they announced
        // themselves to the restarted server (which remembers nothing of before).
        await c.KillAsync();
        await ClinicData.AddContactAsync(a, org, "Written while C was down", "+1 60");
        await c.RestartAsync();
        await ClinicData.AddContactAsync(c, org, "Written by C after the restart", "+1 61");
        var converged = await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);
        Assert.Equal(["Written by C after the restart", "Written while C was down"], ClinicData.ContactNames(converged));
    }

    [DockerFact]
    public async Task TwoSignalingInstancesOnOneRedis_LetNodesOnDifferentInstances_InviteJoinAndSync()
    {
        var (a, b) = (cluster.A, cluster.B);
        await ContainerImages.EnsureRedisAsync();
        await using var redis = await RedisContainer.StartAsync(cluster.Networks.Lan, "redis");
        await using var first = await SignalingContainer.StartAsync(cluster.Networks.Lan, "signaling-1", cluster.Authority, "redis:6379");
        await using var second = await SignalingContainer.StartAsync(cluster.Networks.Lan, "signaling-2", cluster.Authority, "redis:6379");
        var home = cluster.Signaling.Url;
        try
        {
            await a.KillAsync();
            await a.RestartAsync(first.Url);
            await b.KillAsync();
            await b.RestartAsync(second.Url);

            // The code is registered on the first instance and claimed on the second; presence and offers cross over too.
            var org = await ClinicData.ShareWithAsync(a, "Clinic two servers", b);
            await ClinicData.AddContactAsync(a, org, "Via signaling-1", "+1 70");
            await ClinicData.AddContactAsync(b, org, "Via signaling-2", "+1 71");
            var converged = await Convergence.WaitConvergedAsync(org, [a, b], output);
            Assert.Equal(["Via signaling-1", "Via signaling-2"], ClinicData.ContactNames(converged));
        }
        finally
        {
            // Back to the cluster's own server for the other tests.
            await a.KillAsync();
            await a.RestartAsync(home);
            await b.KillAsync();
            await b.RestartAsync(home);
        }
    }
}
