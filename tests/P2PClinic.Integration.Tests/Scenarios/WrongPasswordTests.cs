using Grpc.Core;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>A node that knows the code but not the password gets nothing, and the honest members keep syncing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WrongPasswordTests(ClusterFixture cluster, ITestOutputHelper output)
{
    [DockerFact]
    public async Task ANodeWithTheWrongPassword_GetsNothing_WhileTheHonestNodesKeepSyncing()
    {
        var (a, b, intruder) = (cluster.A, cluster.B, cluster.C);
        var org = await ClinicData.ShareWithAsync(a, "Clinic guarded", b);
        await ClinicData.AddContactAsync(a, org, "Confidential Patient", "+33 9");
        await Convergence.WaitConvergedAsync(org, [a, b], output);

        // Two tries, each with a real code: each is refused and leaves nothing behind.
        foreach (var guess in new[] { "correct horse battery staple", "staple horse battery correct!" })
        {
            var invite = await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });
            var joining = intruder.JoinAsync(invite.Code, guess);

            // While the intruder knocks, the members go on editing and syncing.
            await ClinicData.AddContactAsync(b, org, $"Written by B during try '{guess}'", "+1 30");
            var refused = await Assert.ThrowsAsync<RpcException>(() => joining);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            Assert.True(await Convergence.WaitUntilAsync(async () => !await intruder.HoldsOrgAsync(org), Convergence.Deadline), "the refused org stays on the intruder");
        }

        // What A sent the intruder: the handshake only (hello 11 bytes, SPAKE2 share 66, confirmation 33, a refusal), never a sealed frame.
        var status = await Convergence.WaitForStatusAsync(a, org, s => s.Peers.Any(p => p.State == PeerState.WrongPassword), "a wrong-password peer");
        foreach (var refusedPeer in status.Peers.Where(p => p.State == PeerState.WrongPassword))
        {
            Assert.InRange(refusedPeer.BytesOut, 1, 11 + 66 + 33 + 2 + 200);
            Assert.Equal("", refusedPeer.DisplayName);
        }

        await ClinicData.AddContactAsync(a, org, "After the intruder", "+1 31");
        var converged = await Convergence.WaitConvergedAsync(org, [a, b], output);
        Assert.Equal(
            ["After the intruder", "Confidential Patient", "Written by B during try 'correct horse battery staple'", "Written by B during try 'staple horse battery correct!'"],
            ClinicData.ContactNames(converged));
        Assert.Contains(status.Peers, p => p.DisplayName == "B" && p.State == PeerState.Synced);
        Assert.False(await intruder.HoldsOrgAsync(org));
    }
}
