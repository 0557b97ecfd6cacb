using Grpc.Core;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>Members on different hosts (containers) share an org through the real signaling server and converge.</summary>
[Collection(ClusterCollection.Name)]
public sealed class InviteAndJoinTests(ClusterFixture cluster, ITestOutputHelper output)
{
    [DockerFact]
    public async Task AShareCodeAndThePassword_LetTwoMembersJoin_AndAllThreeHoldTheSameData()
    {
        var (a, b, c) = (cluster.A, cluster.B, cluster.C);
        var org = await a.CreateOrgAsync("Clinic invite");
        await ClinicData.AddContactAsync(a, org, "Ada Lovelace", "+44 1");
        var meeting = await ClinicData.AddEventAsync(a, org, "Staff meeting", "2027-01-04T09:00");
        await ClinicData.AddReminderAsync(a, org, meeting.Id, TimeSpan.FromMinutes(15));
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = ClinicData.Password });

        var invite = await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });
        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", invite.Code);
        var joined = await b.JoinAsync(invite.Code, ClinicData.Password);
        Assert.Equal(JoinStage.Done, joined[^1].Stage);
        Assert.Equal(org, joined[^1].OrgId);
        Assert.Equal("Clinic invite", joined[^1].OrgName);

        // A code works once, even from another host.
        var again = await Assert.ThrowsAsync<RpcException>(() => c.JoinAsync(invite.Code, ClinicData.Password));
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.False(await c.HoldsOrgAsync(org));

        var second = await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });
        Assert.Equal(JoinStage.Done, (await c.JoinAsync(second.Code, ClinicData.Password))[^1].Stage);
        await ClinicData.AddContactAsync(c, org, "Hedy Lamarr", "+43 4");
        await ClinicData.AddContactAsync(b, org, "Katherine Johnson", "+1 3");

        var converged = await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);
        Assert.Equal(["Ada Lovelace", "Hedy Lamarr", "Katherine Johnson"], ClinicData.ContactNames(converged));
        Assert.Equal("Staff meeting", Assert.Single(converged.Events).Title);
        Assert.Equal(meeting.Id, Assert.Single(converged.Reminders).EventId);
        foreach (var node in cluster.Nodes)
        {
            var status = await Convergence.WaitForStatusAsync(node, org, s => s.Peers.Count(p => p.State == PeerState.Synced) == 2, "two synced peers");
            Assert.Equal(OrgSyncState.Online, status.State);
            Assert.Equal(cluster.Nodes.Where(n => n != node).Select(n => n.Name).Order(), status.Peers.Select(p => p.DisplayName).Order());
            Assert.True((await node.Orgs.GetOrgAsync(new GetOrgRequest { Id = org })).Shared);
        }
    }
}
