using P2PClinic.Plugins.Contacts.Internal.Model;
using P2PClinic.Plugins.Contacts.Internal.Search;
using P2PClinic.Plugins.Contacts.Internal.Storage;
using P2PClinic.Sdk;

namespace P2PClinic.Plugins.Contacts.Internal;

/// <summary>
/// One org's contacts: changes go through the org's document (durable when they return), reads of lists and
/// searches come from an in-memory index that follows every stored change of the document, local or from a peer.
/// </summary>
internal sealed class ContactBook : IDisposable
{
    private readonly IOrgDocument _document;
    private readonly TimeProvider _time;

    private ContactBook(IOrgDocument document, TimeProvider time)
    {
        _document = document;
        _time = time;
    }

    public Guid OrgId => _document.OrgId;

    public bool IsClosed => _document.IsClosed;

    public ContactIndex Index { get; } = new();

    /// <summary>Opens the book: subscribes to changes first, then fills the index, so no change falls in between.</summary>
    public static ContactBook Open(IOrgDocument document, TimeProvider time)
    {
        var book = new ContactBook(document, time);
        document.Changed += book.OnChanged;
        book.Index.Reset(document.Read(ContactDocument.ReadAll));
        return book;
    }

    public Contact? Get(string id) => _document.Read(doc => ContactDocument.Read(doc, id));

    /// <summary>Validates and stores a new contact.</summary>
    /// <exception cref="ContactValidationException">A field is invalid.</exception>
    public async Task<Contact> CreateAsync(Contact draft, CancellationToken cancellationToken)
    {
        var now = Now();
        var contact = ContactValidator.Validate(draft) with { Id = NewId(), CreatedAt = now, UpdatedAt = now };
        await _document.ChangeAsync(t => ContactDocument.Create(t, contact), cancellationToken).ConfigureAwait(false);
        return contact;
    }

    /// <summary>Changes the <paramref name="fields"/> of a contact to their values in <paramref name="patch"/>; null when it does not exist.</summary>
    /// <exception cref="ContactValidationException">The changed contact would be invalid.</exception>
    public async Task<Contact?> UpdateAsync(string id, Contact patch, ContactField fields, CancellationToken cancellationToken)
    {
        if (fields == ContactField.None)
        {
            throw new ContactValidationException("update_mask", "names no field to change");
        }

        var current = Get(id);
        if (current is null)
        {
            return null;
        }

        var merged = ContactValidator.Validate(Merge(current, patch, fields)) with { UpdatedAt = Now() };
        var found = true;
        await _document.ChangeAsync(t => found = ContactDocument.Update(t, merged, fields), cancellationToken).ConfigureAwait(false);
        return found ? Get(id) : null;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var found = false;
        await _document.ChangeAsync(t => found = ContactDocument.Delete(t, id), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Stores validated contacts in one change: new ones created, those whose id exists updated whole.</summary>
    public async Task StoreBatchAsync(IReadOnlyList<(Contact Contact, bool IsNew)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await _document.ChangeAsync(
            t =>
            {
                foreach (var (contact, isNew) in batch)
                {
                    // An update finds no record when the contact was deleted since the import looked its UID up:
                    // the card is then stored as new.
                    if (isNew || !ContactDocument.Update(t, contact, ContactField.All))
                    {
                        ContactDocument.Create(t, contact);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Now, to the millisecond: the precision times are stored with, so what a call returns equals what a read finds.</summary>
    public DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }

    public void Dispose() => _document.Changed -= OnChanged;

    internal static string NewId() => Guid.NewGuid().ToString("N");

    internal static Contact Merge(Contact current, Contact patch, ContactField fields) => current with
    {
        DisplayName = fields.HasFlag(ContactField.DisplayName) ? patch.DisplayName : current.DisplayName,
        GivenName = fields.HasFlag(ContactField.GivenName) ? patch.GivenName : current.GivenName,
        FamilyName = fields.HasFlag(ContactField.FamilyName) ? patch.FamilyName : current.FamilyName,
        Emails = fields.HasFlag(ContactField.Emails) ? patch.Emails : current.Emails,
        Phones = fields.HasFlag(ContactField.Phones) ? patch.Phones : current.Phones,
        Organization = fields.HasFlag(ContactField.Organization) ? patch.Organization : current.Organization,
        Title = fields.HasFlag(ContactField.Title) ? patch.Title : current.Title,
        Addresses = fields.HasFlag(ContactField.Addresses) ? patch.Addresses : current.Addresses,
        Birthday = fields.HasFlag(ContactField.Birthday) ? patch.Birthday : current.Birthday,
        Note = fields.HasFlag(ContactField.Note) ? patch.Note : current.Note,
        Tags = fields.HasFlag(ContactField.Tags) ? patch.Tags : current.Tags,
        Uid = fields.HasFlag(ContactField.Uid) ? patch.Uid : current.Uid,
    };

    private void OnChanged(object? sender, OrgDocumentChange change)
    {
        if (ContactDocument.Collection.ChangedIds(change) is not { } ids)
        {
            return;
        }

        if (ids.Count == 0)
        {
            // The change could not name ids (e.g. the root was replaced by something else): rebuild.
            Index.Reset(_document.Read(ContactDocument.ReadAll));
            return;
        }

        var current = _document.Read(doc => ids.Select(id => (Id: id, Contact: ContactDocument.Read(doc, id))).ToList());
        foreach (var (id, contact) in current)
        {
            if (contact is null)
            {
                Index.Remove(id);
            }
            else
            {
                Index.Upsert(contact);
            }
        }
    }
}
