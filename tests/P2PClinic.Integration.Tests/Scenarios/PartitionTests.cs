using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>Edits made at once on every node, some while one node is cut off the network, all arrive once it heals.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PartitionTests(ClusterFixture cluster, ITestOutputHelper output)
{
    [DockerFact]
    public async Task ConcurrentEditsOnAllNodes_IncludingAPartitionedOne_ConvergeWithNothingLost_WhenTheNetworkHeals()
    {
        var (a, b, c) = (cluster.A, cluster.B, cluster.C);
        var org = await ClinicData.ShareWithAsync(a, "Clinic partition", b, c);
        var shared = await ClinicData.AddContactAsync(a, org, "Shared Patient", "+33 1");
        var doomed = await ClinicData.AddContactAsync(b, org, "To Be Removed", "+33 2");
        await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);

        // Before the partition: all three write at once.
        await Task.WhenAll(
            ClinicData.AddContactAsync(a, org, "Before A", "+1 10"),
            ClinicData.AddContactAsync(b, org, "Before B", "+1 11"),
            ClinicData.AddContactAsync(c, org, "Before C", "+1 12"));

        await c.DisconnectAsync();
        try
        {
            // During: the same contact edited on both sides (different fields), new records on every node, a delete on one side.
            await Task.WhenAll(
                ClinicData.UpdateContactFieldAsync(a, org, shared.Id, "note", "allergic to penicillin"),
                ClinicData.UpdateContactFieldAsync(c, org, shared.Id, "organization", "Hôpital Nord"),
                ClinicData.AddContactAsync(a, org, "During A", "+1 20"),
                ClinicData.AddContactAsync(b, org, "During B", "+1 21"),
                ClinicData.AddContactAsync(c, org, "During C", "+1 22"),
                b.Contacts.DeleteContactAsync(new() { OrgId = org, Id = doomed.Id }).ResponseAsync);
            var consult = await ClinicData.AddEventAsync(c, org, "Consultation written offline", "2027-02-01T10:00");
            await ClinicData.AddReminderAsync(c, org, consult.Id, TimeSpan.FromHours(1));

            // The connected side keeps syncing without C.
            var sides = await Convergence.WaitConvergedAsync(org, [a, b], output);
            Assert.DoesNotContain("During C", ClinicData.ContactNames(sides));
            Assert.Contains("During B", ClinicData.ContactNames(sides));
        }
        finally
        {
            await c.ReconnectAsync();
        }

        var converged = await Convergence.WaitConvergedAsync(org, cluster.Nodes, output);
        Assert.Equal(
            ["Before A", "Before B", "Before C", "During A", "During B", "During C", "Shared Patient"],
            ClinicData.ContactNames(converged));
        var merged = converged.Contacts.Single(x => x.Id == shared.Id);
        Assert.Equal("allergic to penicillin", merged.Note);
        Assert.Equal("Hôpital Nord", merged.Organization);
        Assert.Equal("+33 1", Assert.Single(merged.Phones).Value);
        Assert.Equal("Consultation written offline", Assert.Single(converged.Events).Title);
        Assert.Equal(converged.Events[0].Id, Assert.Single(converged.Reminders).EventId);
    }
}
