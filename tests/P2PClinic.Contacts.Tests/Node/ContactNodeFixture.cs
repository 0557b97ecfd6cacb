using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.Node;

/// <summary>One real node (built host, built-in plugins including contacts) shared by a test class; each test makes its own org.</summary>
public sealed class ContactNodeFixture : NodeFixture
{
    public ContactService.ContactServiceClient Contacts => new(Node.Channel);

    /// <summary>A fresh org, so tests never see each other's contacts.</summary>
    public Task<string> NewOrgAsync() => NewOrgAsync("Contacts");

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
