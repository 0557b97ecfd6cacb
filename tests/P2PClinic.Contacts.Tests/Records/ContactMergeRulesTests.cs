extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Contacts.Tests.Records;

/// <summary>
/// One test per row of the rules table in docs/records.md, through the contact book's API on two nodes' documents
/// that edit apart and then exchange their updates (as two synced nodes do). Lists arrive whole, as the API, the CLI
/// (<c>contact edit --phone ... --phone ...</c>) and imports send them.
/// </summary>
public sealed class ContactMergeRulesTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOrgDocument _aliceDocument = new(clientId: 1);
    private readonly InMemoryOrgDocument _bobDocument = new(clientId: 2);
    private readonly ContactBook _alice;
    private readonly ContactBook _bob;

    public ContactMergeRulesTests()
    {
        _alice = ContactBook.Open(_aliceDocument, _time);
        _bob = ContactBook.Open(_bobDocument, _time);
    }

    public void Dispose()
    {
        _alice.Dispose();
        _bob.Dispose();
    }

    private static LabeledValue Phone(string value, string label = "work") => new(label, value);

    private async Task<string> SharedContactAsync(Contact draft)
    {
        var created = await _alice.CreateAsync(draft, default);
        await SyncAsync();
        return created.Id;
    }

    private Task SyncAsync() => InMemoryOrgDocument.ExchangeAsync(_aliceDocument, _bobDocument);

    private async Task<Contact> MergedAsync(string id)
    {
        await SyncAsync();
        var onAlice = _alice.Get(id)!;
        Assert.Equal(onAlice, _bob.Get(id), Tests.VCard.ContactComparer.Instance);
        return onAlice;
    }

    [Fact]
    public async Task DifferentFieldsEditedOnTwoNodesAreBothKept()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada" });

        await _alice.UpdateAsync(id, new Contact { Note = "allergic to penicillin" }, ContactField.Note, default);
        await _bob.UpdateAsync(id, new Contact { Title = "Dr" }, ContactField.Title, default);

        var merged = await MergedAsync(id);
        Assert.Equal("allergic to penicillin", merged.Note);
        Assert.Equal("Dr", merged.Title);
        Assert.Equal("Ada", merged.DisplayName);
    }

    [Fact]
    public async Task TheSameFieldEditedOnTwoNodesHasOneValueTheSameOnBothAndNothingElseMoves()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada", Note = "kept" });

        await _alice.UpdateAsync(id, new Contact { DisplayName = "Ada Lovelace" }, ContactField.DisplayName, default);
        await _bob.UpdateAsync(id, new Contact { DisplayName = "Augusta Ada King" }, ContactField.DisplayName, default);

        var merged = await MergedAsync(id);
        Assert.Contains(merged.DisplayName, new[] { "Ada Lovelace", "Augusta Ada King" });
        Assert.Equal("kept", merged.Note);
    }

    [Fact]
    public async Task PhonesAddedOnTwoNodesWhileApartAreAllKept()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada", Phones = [Phone("+44 20 7946 0000")] });

        await _alice.UpdateAsync(id, new Contact { Phones = [Phone("+44 20 7946 0000"), Phone("+44 7700 900001", "cell")] }, ContactField.Phones, default);
        await _bob.UpdateAsync(id, new Contact { Phones = [Phone("+44 20 7946 0000"), Phone("+44 7700 900002", "home")] }, ContactField.Phones, default);

        var merged = await MergedAsync(id);
        Assert.Equal(["+44 20 7946 0000", "+44 7700 900001", "+44 7700 900002"], merged.Phones.Select(p => p.Value).Order());
    }

    [Fact]
    public async Task DifferentEmailsEditedOnTwoNodesAreBothKept()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada", Emails = [new("home", "ada@example.org"), new("work", "ada@work.example")] });

        await _alice.UpdateAsync(id, new Contact { Emails = [new("personal", "ada@example.org"), new("work", "ada@work.example")] }, ContactField.Emails, default);
        await _bob.UpdateAsync(id, new Contact { Emails = [new("home", "ada@example.org"), new("office", "ada@work.example")] }, ContactField.Emails, default);

        var merged = await MergedAsync(id);
        Assert.Equal([new LabeledValue("personal", "ada@example.org"), new LabeledValue("office", "ada@work.example")], merged.Emails);
    }

    [Fact]
    public async Task AnEmailRemovedOnOneNodeAndRelabeledOnTheOtherIsRemoved()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada", Emails = [new("home", "ada@example.org"), new("work", "ada@work.example")] });

        await _alice.UpdateAsync(id, new Contact { Emails = [new("work", "ada@work.example")] }, ContactField.Emails, default);
        await _bob.UpdateAsync(id, new Contact { Emails = [new("personal", "ada@example.org"), new("work", "ada@work.example")] }, ContactField.Emails, default);

        var merged = await MergedAsync(id);
        Assert.Equal([new LabeledValue("work", "ada@work.example")], merged.Emails);
    }

    [Fact]
    public async Task TheSameTagAddedOnTwoNodesReadsOnce()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada" });

        await _alice.UpdateAsync(id, new Contact { Tags = ["patient"] }, ContactField.Tags, default);
        await _bob.UpdateAsync(id, new Contact { Tags = ["patient", "diabetes"] }, ContactField.Tags, default);

        var merged = await MergedAsync(id);
        Assert.Equal(["diabetes", "patient"], merged.Tags.Order());
    }

    [Fact]
    public async Task AContactDeletedOnOneNodeWhileEditedOnTheOtherStaysDeleted()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada", Phones = [Phone("+44 20 7946 0000")] });

        Assert.True(await _alice.DeleteAsync(id, default));
        await _bob.UpdateAsync(id, new Contact { Note = "edited", Phones = [Phone("+44 20 7946 0000"), Phone("+44 7700 900002")] }, ContactField.Note | ContactField.Phones, default);
        await SyncAsync();

        Assert.Null(_alice.Get(id));
        Assert.Null(_bob.Get(id));
    }

    [Fact]
    public async Task SendingTheListsANodeHoldsAgainStoresNothing()
    {
        var id = await SharedContactAsync(new Contact { DisplayName = "Ada", Emails = [new("home", "ada@example.org")], Phones = [Phone("+44 20 7946 0000")], Tags = ["patient"] });
        var stored = 0;
        _aliceDocument.Changed += (_, change) => stored += change.IsEmpty ? 0 : 1;

        var same = _alice.Get(id)!;
        await _alice.UpdateAsync(id, same, ContactField.All, default);

        Assert.Equal(0, stored);
    }
}
