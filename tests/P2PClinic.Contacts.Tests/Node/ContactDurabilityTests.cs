using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.Node;

public sealed class ContactDurabilityTests
{
    [Fact]
    public async Task ContactsSurviveAKillAndRestartAndSearchFindsThemAgain()
    {
        await using var node = await TestNode.StartAsync();
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Durable" })).Id;
        var created = await new ContactService.ContactServiceClient(node.Channel)
            .CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = "Rosalind Franklin", Tags = { "x-ray" } } });

        // SIGKILL: no shutdown, nothing flushed that was not already durable when the call returned.
        await node.KillAsync();
        await node.RestartAsync();
        var contacts = new ContactService.ContactServiceClient(node.Channel);

        Assert.Equal(created, await contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id }));
        Assert.Equal(created.Id, (await contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = "rosalind" })).Contacts.Single().Id);
    }

    [Fact]
    public async Task AnEmptyOrgIdMeansTheDefaultOrg()
    {
        await using var node = await TestNode.StartAsync();
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "First" })).Id;
        var contacts = new ContactService.ContactServiceClient(node.Channel);

        var created = await contacts.CreateContactAsync(new CreateContactRequest { Contact = new Contact { DisplayName = "Default Org Person" } });

        Assert.Equal(created, await contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = created.Id }));
    }
}
