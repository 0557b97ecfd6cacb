using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>A member who leaves loses its copy and stops receiving; the others are unaffected.</summary>
[Collection(ClusterCollection.Name)]
public sealed class LeaveTests(ClusterFixture cluster, ITestOutputHelper output)
{
    [DockerFact]
    public async Task AMemberWhoLeaves_StopsReceiving_ItsCopyIsGone_AndTheOthersCarryOn()
    {
        var (a, b, c) = (cluster.A, cluster.B, cluster.C);
        var org = await ClinicData.ShareWithAsync(a, "Clinic leave", b, c);
        await ClinicData.AddContactAsync(c, org, "Written before leaving", "+1 40");
        await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);

        await c.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = org });
        Assert.False(await c.HoldsOrgAsync(org));
        await Convergence.WaitForStatusAsync(a, org, s => s.Peers.Count(p => p.State == PeerState.Synced) == 1 && s.Peers.All(p => p.DisplayName != "C" || p.State != PeerState.Synced), "C gone from A's peers");

        await ClinicData.AddContactAsync(a, org, "Written after C left", "+1 41");
        await ClinicData.AddContactAsync(b, org, "Also after C left", "+1 42");
        var converged = await Convergence.WaitConvergedAsync(org, [a, b], output);
        Assert.Equal(["Also after C left", "Written after C left", "Written before leaving"], ClinicData.ContactNames(converged));

        // Nothing came back to C: the org did not reappear with the later edits.
        Assert.False(await c.HoldsOrgAsync(org));
        Assert.DoesNotContain((await c.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs, o => o.Name == "Clinic leave");
    }
}
