using P2PClinic.Crdt;
using P2PClinic.Plugins.Contacts.Internal.Model;
using P2PClinic.Sdk.Records;

namespace P2PClinic.Plugins.Contacts.Internal.Storage;

/// <summary>
/// Contacts in the org's document, as records of the SDK's model (docs/records.md): root map <c>contacts</c>,
/// id → map of fields. Scalars are texts; emails, phones and addresses are lists of entries (an email relabeled is
/// edited in place, matched by its value); tags a set of texts. This layout is a wire format between peers: never
/// rename a key.
/// </summary>
internal static class ContactDocument
{
    public const string Root = "contacts";

    private const string DisplayNameKey = "displayName";
    private const string GivenNameKey = "givenName";
    private const string FamilyNameKey = "familyName";
    private const string OrganizationKey = "organization";
    private const string TitleKey = "title";
    private const string BirthdayKey = "birthday";
    private const string NoteKey = "note";
    private const string UidKey = "uid";
    private const string LabelKey = "label";
    private const string ValueKey = "value";

    private static readonly string[] AddressParts = ["poBox", "extended", "street", "locality", "region", "postalCode", "country"];

    private static readonly RecordListField Emails = new("emails", ValueKey);
    private static readonly RecordListField Phones = new("phones", ValueKey);

    // An address has no one identifying text: the same components under another label is the same address relabeled.
    private static readonly RecordListField Addresses = new("addresses", AddressParts);
    private static readonly RecordSetField Tags = new("tags");

    public static readonly RecordCollection Collection = new(Root, Emails, Phones, Addresses, Tags);

    /// <summary>The contact stored under <paramref name="id"/>, or null.</summary>
    public static Contact? Read(Doc doc, string id) => Collection.Read(doc, id) is { } record ? FromRecord(record) : null;

    /// <summary>Every contact in the document.</summary>
    public static List<Contact> ReadAll(Doc doc) => [.. Collection.ReadAll(doc).Select(FromRecord)];

    /// <summary>Stores a new contact with all its fields.</summary>
    public static void Create(Transaction transaction, Contact contact)
    {
        var record = Collection.Create(transaction, contact.Id, contact.CreatedAt);
        Write(record, contact, ContactField.All);
        record.Touch(contact.UpdatedAt);
    }

    /// <summary>Writes the <paramref name="fields"/> of <paramref name="contact"/> that differ from the stored ones; false when the contact is gone.</summary>
    public static bool Update(Transaction transaction, Contact contact, ContactField fields)
    {
        if (Collection.Edit(transaction, contact.Id) is not { } record)
        {
            return false;
        }

        Write(record, contact, fields);
        record.Touch(contact.UpdatedAt);
        return true;
    }

    /// <summary>Deletes a contact; false when there was none.</summary>
    public static bool Delete(Transaction transaction, string id) => Collection.Delete(transaction, id);

    private static void Write(RecordWriter record, Contact contact, ContactField fields)
    {
        void Text(ContactField field, string key, string value)
        {
            if (fields.HasFlag(field))
            {
                record.SetText(key, value);
            }
        }

        Text(ContactField.DisplayName, DisplayNameKey, contact.DisplayName);
        Text(ContactField.GivenName, GivenNameKey, contact.GivenName);
        Text(ContactField.FamilyName, FamilyNameKey, contact.FamilyName);
        Text(ContactField.Organization, OrganizationKey, contact.Organization);
        Text(ContactField.Title, TitleKey, contact.Title);
        Text(ContactField.Birthday, BirthdayKey, contact.Birthday?.ToString() ?? "");
        Text(ContactField.Note, NoteKey, contact.Note);
        Text(ContactField.Uid, UidKey, contact.Uid);
        if (fields.HasFlag(ContactField.Emails))
        {
            record.SetList(Emails, [.. contact.Emails.Select(Labeled)]);
        }

        if (fields.HasFlag(ContactField.Phones))
        {
            record.SetList(Phones, [.. contact.Phones.Select(Labeled)]);
        }

        if (fields.HasFlag(ContactField.Addresses))
        {
            record.SetList(Addresses, [.. contact.Addresses.Select(Address)]);
        }

        if (fields.HasFlag(ContactField.Tags))
        {
            record.SetTexts(Tags, contact.Tags);
        }
    }

    private static RecordEntry Labeled(LabeledValue value) => RecordEntry.Of((LabelKey, value.Label), (ValueKey, value.Value));

    private static RecordEntry Address(PostalAddress a) => RecordEntry.Of(
        (LabelKey, a.Label), ("poBox", a.PoBox), ("extended", a.Extended), ("street", a.Street), ("locality", a.Locality),
        ("region", a.Region), ("postalCode", a.PostalCode), ("country", a.Country));

    private static Contact FromRecord(Record record) => new()
    {
        Id = record.Id,
        DisplayName = record.Text(DisplayNameKey),
        GivenName = record.Text(GivenNameKey),
        FamilyName = record.Text(FamilyNameKey),
        Organization = record.Text(OrganizationKey),
        Title = record.Text(TitleKey),
        Note = record.Text(NoteKey),
        Uid = record.Text(UidKey),
        Birthday = Birthday.TryParse(record.Text(BirthdayKey), out var birthday) ? birthday : null,
        Emails = [.. record.List(Emails).Select(e => new LabeledValue(e[LabelKey], e[ValueKey]))],
        Phones = [.. record.List(Phones).Select(e => new LabeledValue(e[LabelKey], e[ValueKey]))],
        Addresses =
        [
            .. record.List(Addresses).Select(e => new PostalAddress
            {
                Label = e[LabelKey],
                PoBox = e["poBox"],
                Extended = e["extended"],
                Street = e["street"],
                Locality = e["locality"],
                Region = e["region"],
                PostalCode = e["postalCode"],
                Country = e["country"],
            }),
        ],
        Tags = record.Set(Tags),
        CreatedAt = record.CreatedAt,
        UpdatedAt = record.UpdatedAt,
    };
}
