extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Storage;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Crdt;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Contacts.Tests.Records;

/// <summary>
/// <c>Layout1/contacts.ydoc</c> was written by the contacts plugin before the record model (commit 3dbc01b): lists
/// replaced whole on each edit, empty lists left out. It opens and reads as it did; the first write of a contact
/// completes it, and from then on its lists merge element by element.
/// </summary>
public sealed class FirstLayoutContactsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static Doc Load(uint clientId)
    {
        var doc = new Doc(new DocOptions { ClientId = clientId });
        doc.ApplyUpdate(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Records", "Layout1", "contacts.ydoc")));
        return doc;
    }

    [Fact]
    public void AFirstLayoutDocumentReadsEveryField()
    {
        var doc = Load(7);

        var ada = ContactDocument.Read(doc, "a1")!;
        Assert.Equal("Ada Lovelace", ada.DisplayName);
        Assert.Equal([new LabeledValue("home", "ada@example.org"), new LabeledValue("work", "ada@analytical.engine")], ada.Emails);
        Assert.Equal([new LabeledValue("cell", "+44 20 7946 0000")], ada.Phones);
        Assert.Equal("12 St James's Square", Assert.Single(ada.Addresses).Street);
        Assert.Equal(["math", "poetry"], ada.Tags);
        Assert.Equal(new Birthday(1815, 12, 10), ada.Birthday);
        Assert.Equal(T0, ada.CreatedAt);
        var bob = ContactDocument.Read(doc, "b2")!;
        Assert.Equal([new LabeledValue("work", "+1 555 0100"), new LabeledValue("home", "+1 555 0199")], bob.Phones);
        Assert.Empty(bob.Tags);
        Assert.Equal(T0.AddHours(1), bob.UpdatedAt);
        Assert.Equal(2, ContactDocument.ReadAll(doc).Count);
    }

    [Fact]
    public async Task AfterItsFirstWriteAFirstLayoutContactMergesAdditionsFromTwoNodes()
    {
        var time = new FakeTimeProvider(T0.AddDays(1));
        var aliceDocument = new InMemoryOrgDocument(Load(7));
        using var alice = ContactBook.Open(aliceDocument, time);

        // Bob's record had no tags in the first layout; the first write gives it its (empty) list.
        await alice.UpdateAsync("b2", new Contact { Note = "converted" }, ContactField.Note, default);
        var bobDocument = new InMemoryOrgDocument(new Doc(new DocOptions { ClientId = 8 }));
        await InMemoryOrgDocument.ExchangeAsync(aliceDocument, bobDocument);
        using var bob = ContactBook.Open(bobDocument, time);

        await alice.UpdateAsync("b2", new Contact { Tags = ["patient"] }, ContactField.Tags, default);
        await bob.UpdateAsync("b2", new Contact { Tags = ["staff"] }, ContactField.Tags, default);
        await InMemoryOrgDocument.ExchangeAsync(aliceDocument, bobDocument);

        Assert.Equal(["patient", "staff"], alice.Get("b2")!.Tags.Order());
        Assert.Equal("converted", bob.Get("b2")!.Note);
        Assert.Equal(["+1 555 0100", "+1 555 0199"], bob.Get("b2")!.Phones.Select(p => p.Value));
    }
}
