extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Storage;
using P2PClinic.Crdt;

namespace P2PClinic.Contacts.Tests.Model;

public sealed class ContactDocumentMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private static readonly Contact Ada = new()
    {
        Id = "a1",
        DisplayName = "Ada Lovelace",
        GivenName = "Ada",
        FamilyName = "Lovelace",
        Emails = [new LabeledValue("home", "ada@example.org")],
        Phones = [new LabeledValue("cell", "+44 20 7946 0000")],
        Addresses = [new PostalAddress { Label = "home", Street = "12 St James's Square", Locality = "London", Country = "UK" }],
        Birthday = new Birthday(1815, 12, 10),
        Tags = ["math"],
        Note = "first note",
        CreatedAt = T0,
        UpdatedAt = T0,
    };

    private static void Exchange(Doc a, Doc b)
    {
        var fromA = a.EncodeStateAsUpdate(b.EncodeStateVector());
        var fromB = b.EncodeStateAsUpdate(a.EncodeStateVector());
        b.ApplyUpdate(fromA);
        a.ApplyUpdate(fromB);
    }

    [Fact]
    public void ACreatedContactReadsBackWithEveryField()
    {
        var doc = new Doc();
        doc.Transact(t => ContactDocument.Create(t, Ada));

        var back = ContactDocument.Read(doc, "a1");

        Assert.Equal(Ada, back, Tests.VCard.ContactComparer.Instance);
    }

    [Fact]
    public void ConcurrentEditsOfDifferentFieldsOnTwoDocsBothSurviveTheMerge()
    {
        var alice = new Doc(new DocOptions { ClientId = 1 });
        alice.Transact(t => ContactDocument.Create(t, Ada));
        var bob = new Doc(new DocOptions { ClientId = 2 });
        bob.ApplyUpdate(alice.EncodeStateAsUpdate());

        // Offline, each edits a different field of the same contact.
        var onAlice = Ada with { Emails = [new LabeledValue("work", "ada@analytical.engine")], UpdatedAt = T0.AddMinutes(1) };
        alice.Transact(t => ContactDocument.Update(t, onAlice, ContactField.Emails));
        var onBob = Ada with { Note = "met at the Royal Society", Tags = ["math", "poetry"], UpdatedAt = T0.AddMinutes(2) };
        bob.Transact(t => ContactDocument.Update(t, onBob, ContactField.Note | ContactField.Tags));

        Exchange(alice, bob);

        var merged = ContactDocument.Read(alice, "a1")!;
        Assert.Equal([new LabeledValue("work", "ada@analytical.engine")], merged.Emails);
        Assert.Equal("met at the Royal Society", merged.Note);
        Assert.Equal(["math", "poetry"], merged.Tags);
        Assert.Equal("Ada Lovelace", merged.DisplayName);
        Assert.Equal(merged, ContactDocument.Read(bob, "a1"), Tests.VCard.ContactComparer.Instance);
    }

    [Fact]
    public void AnUpdateWritesOnlyTheFieldsInItsMask()
    {
        var doc = new Doc();
        doc.Transact(t => ContactDocument.Create(t, Ada));
        var patch = Ada with { DisplayName = "Augusta Ada King", Note = "ignored: not in the mask" };

        doc.Transact(t => ContactDocument.Update(t, patch, ContactField.DisplayName));

        var back = ContactDocument.Read(doc, "a1")!;
        Assert.Equal("Augusta Ada King", back.DisplayName);
        Assert.Equal("first note", back.Note);
    }

    [Fact]
    public void AnUpdateThatChangesNothingProducesNoDocumentUpdate()
    {
        var doc = new Doc();
        doc.Transact(t => ContactDocument.Create(t, Ada));
        var updates = 0;
        doc.Updated += (_, _) => updates++;

        doc.Transact(t => ContactDocument.Update(t, Ada with { UpdatedAt = T0.AddDays(1) }, ContactField.All));

        Assert.Equal(0, updates);
    }

    [Fact]
    public void DeleteRemovesTheContactAndReportsWhetherItExisted()
    {
        var doc = new Doc();
        doc.Transact(t => ContactDocument.Create(t, Ada));
        var first = false;
        var second = true;

        doc.Transact(t => first = ContactDocument.Delete(t, "a1"));
        doc.Transact(t => second = ContactDocument.Delete(t, "a1"));

        Assert.True(first);
        Assert.False(second);
        Assert.Null(ContactDocument.Read(doc, "a1"));
        Assert.Empty(ContactDocument.ReadAll(doc));
    }

    [Fact]
    public void FieldsAreStoredAsNestedSharedTypesNotOneBlob()
    {
        var doc = new Doc();
        doc.Transact(t => ContactDocument.Create(t, Ada));

        var entry = Assert.IsType<YMap>(doc.GetMap("contacts").Get("a1"));
        Assert.Equal("Ada Lovelace", entry.Get("displayName"));
        var emails = Assert.IsType<YArray>(entry.Get("emails"));
        var email = Assert.IsType<YMap>(emails.Get(0));
        Assert.Equal("ada@example.org", email.Get("value"));
        Assert.IsType<YArray>(entry.Get("tags"));
        Assert.Equal("1815-12-10", entry.Get("birthday"));
    }
}
