using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.Node;

/// <summary>One real node (built host, built-in plugins including contacts) shared by a test class; each test makes its own org.</summary>
public sealed class ContactNodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public ContactService.ContactServiceClient Contacts => new(Node.Channel);

    public async Task InitializeAsync() => Node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>A fresh org, so tests never see each other's contacts.</summary>
    public async Task<string> NewOrgAsync() =>
        (await Node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Contacts " + Guid.NewGuid().ToString("N")[..8] })).Id;

    /// <summary>Runs an import to its end and returns every progress message.</summary>
    public Task<List<ImportContactsProgress>> ImportAsync(string orgId, string vcf) => ImportAsync(orgId, System.Text.Encoding.UTF8.GetBytes(vcf));

    /// <summary>Runs an import of the file's bytes as they are to its end and returns every progress message.</summary>
    public async Task<List<ImportContactsProgress>> ImportAsync(string orgId, byte[] vcf)
    {
        using var call = Contacts.ImportContacts(new ImportContactsRequest { OrgId = orgId, Vcard = Google.Protobuf.ByteString.CopyFrom(vcf) });
        var messages = new List<ImportContactsProgress>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }
}
