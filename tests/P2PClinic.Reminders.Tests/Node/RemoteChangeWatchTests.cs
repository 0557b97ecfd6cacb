using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>
/// The node's change feed (<c>WatchOrgChanges</c>) for changes that arrive from a peer, merged with the document
/// exchange test plugin as sync merges them: the web app's open pages follow this feed to show them live.
/// </summary>
public sealed class RemoteChangeWatchTests : IClassFixture<ReminderNodeFixture>
{
    private readonly ReminderNode _node;

    public RemoteChangeWatchTests(ReminderNodeFixture fixture)
    {
        _node = fixture.Reminders;
    }

    [Fact]
    public async Task ContactsFromAPeerAreReportedAsRemoteChangesTheFirstIntoAnOrgWithoutContactsToo()
    {
        var peer = await _node.NewOrgAsync();
        var here = await _node.NewOrgAsync();
        var contacts = new ContactService.ContactServiceClient(_node.Node.Channel);
        using var timeout = new CancellationTokenSource(ReminderNode.Patience);
        using var watch = _node.Node.Orgs.WatchOrgChanges(new WatchOrgChangesRequest { Id = here }, cancellationToken: timeout.Token);
        await watch.ResponseHeadersAsync;

        foreach (var name in new[] { "First from a peer", "Second from a peer" })
        {
            var made = await contacts.CreateContactAsync(new CreateContactRequest { OrgId = peer, Contact = new Contact { DisplayName = name } });

            await ReminderNode.CopyStateAsync(_node, peer, _node, here);

            Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the watch ended");
            var change = watch.ResponseStream.Current;
            Assert.Equal(ChangeOrigin.Remote, change.Origin);
            Assert.Contains(change.Collections, c => c.Collection == "contacts" && c.Ids.Contains(made.Id));
        }
    }

    [Fact]
    public async Task ContactsFromAPeerAreListedOnceTheFeedReportsThemThoughTheFeedOpenedBeforeTheContactIndex()
    {
        // What an open contacts page does: the feed opens, then the list is read (which opens the plugin's index, so
        // the index's Changed handler comes after the feed's); on a change the page reads the list again at once.
        // Many contacts in one update make the index's share of the merge long enough to lose the race reliably.
        const int Count = 2000;
        var peer = await _node.NewOrgAsync();
        var here = await _node.NewOrgAsync();
        var contacts = new ContactService.ContactServiceClient(_node.Node.Channel);
        var vcf = string.Concat(Enumerable.Range(0, Count).Select(i => $"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Peer contact {i:D4}\r\nEND:VCARD\r\n"));
        using (var import = contacts.ImportContacts(new ImportContactsRequest { OrgId = peer, Vcard = Google.Protobuf.ByteString.CopyFromUtf8(vcf) }))
        {
            while (await import.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }

        using var timeout = new CancellationTokenSource(ReminderNode.Patience);
        using var watch = _node.Node.Orgs.WatchOrgChanges(new WatchOrgChangesRequest { Id = here }, cancellationToken: timeout.Token);
        await watch.ResponseHeadersAsync;
        Assert.Equal(0, (await contacts.ListContactsAsync(new ListContactsRequest { OrgId = here })).TotalSize);

        var copy = ReminderNode.CopyStateAsync(_node, peer, _node, here);
        Assert.True(await watch.ResponseStream.MoveNext(timeout.Token), "the watch ended");
        var listed = await contacts.ListContactsAsync(new ListContactsRequest { OrgId = here, PageSize = 10 });
        await copy;

        Assert.Contains(watch.ResponseStream.Current.Collections, c => c.Collection == "contacts");
        Assert.Equal(Count, listed.TotalSize);
    }
}
