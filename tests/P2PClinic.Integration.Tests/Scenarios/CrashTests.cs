using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Integration.Tests.Cluster;
using P2PClinic.Integration.Tests.Docker;
using Xunit.Abstractions;

namespace P2PClinic.Integration.Tests.Scenarios;

/// <summary>A node killed in the middle of a large sync loses nothing it acknowledged and catches up on restart.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int ImportedContacts = 10_000;

    [DockerFact]
    public async Task ANodeKilledDuringALargeSync_KeepsWhatItAcknowledged_AndCatchesUpOnTheSameVolume()
    {
        var (a, b) = (cluster.A, cluster.B);
        var org = await ClinicData.ShareWithAsync(a, "Clinic crash", b);
        // Writes only B holds: whatever of them is there after the kill came from B's own disk.
        var localOnly = await b.CreateOrgAsync("B's own notes");
        await Convergence.WaitConvergedAsync(org, [a, b], output);

        using var import = a.Contacts.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFrom(VCards(ImportedContacts)) });
        var imported = Task.Run(async () =>
        {
            ImportContactsProgress? last = null;
            await foreach (var progress in import.ResponseStream.ReadAllAsync())
            {
                last = progress;
            }

            return last;
        });

        // B writes while it receives; every write the API acknowledged must survive the kill.
        var acknowledged = new List<Contact>();
        var receivedBeforeKill = 0;
        for (var i = 0; ; i++)
        {
            acknowledged.Add(await ClinicData.AddContactAsync(b, localOnly, $"Own note {i:D3}", $"+1 {i}"));
            receivedBeforeKill = (await b.Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 1 })).TotalSize;
            if (receivedBeforeKill > 0 || i > 400)
            {
                break;
            }
        }

        await b.KillAsync();
        output.WriteLine($"killed B with {acknowledged.Count} acknowledged own writes and {receivedBeforeKill} of {ImportedContacts} imported contacts received");
        var done = await imported;
        Assert.NotNull(done);
        Assert.True(done.Done);
        Assert.Equal(ImportedContacts, done.Created);
        Assert.Equal(0, done.Failed);

        await b.RestartAsync();
        // What B listed of the sync before the kill was applied durably: still there (A may have sent more since, never less).
        var receivedAfterRestart = (await b.Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 1 })).TotalSize;
        Assert.True(receivedAfterRestart >= receivedBeforeKill, $"B listed {receivedBeforeKill} synced contacts before the kill and {receivedAfterRestart} after the restart");
        var own = await b.SnapshotAsync(localOnly);
        Assert.Equal(acknowledged.Select(c => c.Id).Order(StringComparer.Ordinal), own.Contacts.Select(c => c.Id));
        Assert.Equal(acknowledged.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => c.ToString()), own.Contacts.Select(c => c.ToString()));

        var converged = await Convergence.WaitConvergedAsync(org, [a, b], output, TimeSpan.FromMinutes(5));
        Assert.Equal(ImportedContacts, converged.Contacts.Count);
        Assert.Equal(
            Enumerable.Range(0, ImportedContacts).Select(Name),
            ClinicData.ContactNames(converged));
        Assert.All(converged.Contacts, c => Assert.Equal(Phone(int.Parse(c.DisplayName[^5..], CultureInfo.InvariantCulture)), Assert.Single(c.Phones).Value));
    }

    private static string Name(int i) => $"Imported Patient {i:D5}";

    private static string Phone(int i) => $"+33 6 {i:D5}";

    private static byte[] VCards(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append("BEGIN:VCARD\r\nVERSION:4.0\r\n")
                .Append(CultureInfo.InvariantCulture, $"UID:urn:uuid:{new Guid(i, 0, 0, new byte[8])}\r\n")
                .Append(CultureInfo.InvariantCulture, $"FN:{Name(i)}\r\n")
                .Append(CultureInfo.InvariantCulture, $"TEL;TYPE=cell:{Phone(i)}\r\n")
                .Append("END:VCARD\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
