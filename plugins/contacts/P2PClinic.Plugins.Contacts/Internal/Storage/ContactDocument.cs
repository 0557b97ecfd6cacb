using System.Globalization;
using P2PClinic.Crdt;
using P2PClinic.Plugins.Contacts.Internal.Model;

namespace P2PClinic.Plugins.Contacts.Internal.Storage;

/// <summary>
/// Contacts in the org's document: root map <c>contacts</c>, id → nested map of fields. Scalars are map entries;
/// emails, phones and addresses are arrays of maps (label, value / components); tags an array of strings. A
/// change writes only the fields it touches, so two peers editing different fields of one contact both keep
/// their edit when their updates merge.
/// </summary>
internal static class ContactDocument
{
    public const string Root = "contacts";

    // Keys inside a contact's map. They are the wire format shared with every peer: never rename one.
    private const string DisplayNameKey = "displayName";
    private const string GivenNameKey = "givenName";
    private const string FamilyNameKey = "familyName";
    private const string EmailsKey = "emails";
    private const string PhonesKey = "phones";
    private const string OrganizationKey = "organization";
    private const string TitleKey = "title";
    private const string AddressesKey = "addresses";
    private const string BirthdayKey = "birthday";
    private const string NoteKey = "note";
    private const string TagsKey = "tags";
    private const string UidKey = "uid";
    private const string CreatedAtKey = "createdAt";
    private const string UpdatedAtKey = "updatedAt";
    private const string LabelKey = "label";
    private const string ValueKey = "value";

    /// <summary>The contact stored under <paramref name="id"/>, or null.</summary>
    public static Contact? Read(Doc doc, string id) =>
        doc.GetMap(Root).Get(id) is YMap entry ? FromJson(id, entry.ToJson() as IReadOnlyDictionary<string, object?>) : null;

    /// <summary>Every contact in the document.</summary>
    public static List<Contact> ReadAll(Doc doc)
    {
        var root = doc.GetMap(Root);
        var contacts = new List<Contact>(root.Count);
        foreach (var id in root.Keys)
        {
            if (Read(doc, id) is { } contact)
            {
                contacts.Add(contact);
            }
        }

        return contacts;
    }

    /// <summary>Stores a new contact with all its fields.</summary>
    public static void Create(Transaction transaction, Contact contact)
    {
        var entry = new YMap();
        transaction.Doc.GetMap(Root).Set(contact.Id, entry);
        entry.Set(CreatedAtKey, FormatTime(contact.CreatedAt));
        Write(entry, null, contact, ContactField.All);
        entry.Set(UpdatedAtKey, FormatTime(contact.UpdatedAt));
    }

    /// <summary>Writes the <paramref name="fields"/> of <paramref name="contact"/> that differ from <paramref name="current"/>; false when the contact is gone.</summary>
    public static bool Update(Transaction transaction, Contact current, Contact contact, ContactField fields)
    {
        if (transaction.Doc.GetMap(Root).Get(contact.Id) is not YMap entry)
        {
            return false;
        }

        if (Write(entry, current, contact, fields))
        {
            entry.Set(UpdatedAtKey, FormatTime(contact.UpdatedAt));
        }

        return true;
    }

    /// <summary>Deletes a contact; false when there was none.</summary>
    public static bool Delete(Transaction transaction, string id)
    {
        var root = transaction.Doc.GetMap(Root);
        if (!root.ContainsKey(id))
        {
            return false;
        }

        root.Delete(id);
        return true;
    }

    private static bool Write(YMap entry, Contact? current, Contact contact, ContactField fields)
    {
        var changed = false;
        void Scalar(ContactField field, string key, string value, string? old)
        {
            if (!fields.HasFlag(field) || value == old)
            {
                return;
            }

            changed = true;
            if (value.Length == 0)
            {
                entry.Delete(key);
            }
            else
            {
                entry.Set(key, value);
            }
        }

        void Array<T>(ContactField field, string key, IReadOnlyList<T> value, IReadOnlyList<T>? old, Func<T, object> toShared)
        {
            if (!fields.HasFlag(field) || (old is not null && value.SequenceEqual(old)))
            {
                return;
            }

            changed = true;
            if (value.Count == 0)
            {
                entry.Delete(key);
                return;
            }

            var array = new YArray();
            entry.Set(key, array);
            array.Push([.. value.Select(toShared)]);
        }

        Scalar(ContactField.DisplayName, DisplayNameKey, contact.DisplayName, current?.DisplayName);
        Scalar(ContactField.GivenName, GivenNameKey, contact.GivenName, current?.GivenName);
        Scalar(ContactField.FamilyName, FamilyNameKey, contact.FamilyName, current?.FamilyName);
        Scalar(ContactField.Organization, OrganizationKey, contact.Organization, current?.Organization);
        Scalar(ContactField.Title, TitleKey, contact.Title, current?.Title);
        Scalar(ContactField.Birthday, BirthdayKey, contact.Birthday?.ToString() ?? "", current is null ? null : current.Birthday?.ToString() ?? "");
        Scalar(ContactField.Note, NoteKey, contact.Note, current?.Note);
        Scalar(ContactField.Uid, UidKey, contact.Uid, current?.Uid);
        Array(ContactField.Emails, EmailsKey, contact.Emails, current?.Emails, LabeledMap);
        Array(ContactField.Phones, PhonesKey, contact.Phones, current?.Phones, LabeledMap);
        Array(ContactField.Addresses, AddressesKey, contact.Addresses, current?.Addresses, AddressMap);
        Array(ContactField.Tags, TagsKey, contact.Tags, current?.Tags, tag => tag);
        return changed;
    }

    private static YMap LabeledMap(LabeledValue value)
    {
        var map = new YMap();
        map.Set(LabelKey, value.Label);
        map.Set(ValueKey, value.Value);
        return map;
    }

    private static YMap AddressMap(PostalAddress address)
    {
        var map = new YMap();
        map.Set(LabelKey, address.Label);
        map.Set("poBox", address.PoBox);
        map.Set("extended", address.Extended);
        map.Set("street", address.Street);
        map.Set("locality", address.Locality);
        map.Set("region", address.Region);
        map.Set("postalCode", address.PostalCode);
        map.Set("country", address.Country);
        return map;
    }

    /// <summary>
    /// Reads a contact from its map's JSON. Lenient by design: a peer (another version, another client) may have
    /// written a field with a type this version does not expect; such a field reads as empty rather than failing.
    /// </summary>
    private static Contact? FromJson(string id, IReadOnlyDictionary<string, object?>? json)
    {
        if (json is null)
        {
            return null;
        }

        string S(IReadOnlyDictionary<string, object?> map, string key) => map.TryGetValue(key, out var v) && v is string s ? s : "";
        IEnumerable<IReadOnlyDictionary<string, object?>> Maps(string key) =>
            json.TryGetValue(key, out var v) && v is IReadOnlyList<object?> list ? list.OfType<IReadOnlyDictionary<string, object?>>() : [];

        return new Contact
        {
            Id = id,
            DisplayName = S(json, DisplayNameKey),
            GivenName = S(json, GivenNameKey),
            FamilyName = S(json, FamilyNameKey),
            Organization = S(json, OrganizationKey),
            Title = S(json, TitleKey),
            Note = S(json, NoteKey),
            Uid = S(json, UidKey),
            Birthday = Birthday.TryParse(S(json, BirthdayKey), out var birthday) ? birthday : null,
            Emails = [.. Maps(EmailsKey).Select(m => new LabeledValue(S(m, LabelKey), S(m, ValueKey)))],
            Phones = [.. Maps(PhonesKey).Select(m => new LabeledValue(S(m, LabelKey), S(m, ValueKey)))],
            Addresses =
            [
                .. Maps(AddressesKey).Select(m => new PostalAddress
                {
                    Label = S(m, LabelKey),
                    PoBox = S(m, "poBox"),
                    Extended = S(m, "extended"),
                    Street = S(m, "street"),
                    Locality = S(m, "locality"),
                    Region = S(m, "region"),
                    PostalCode = S(m, "postalCode"),
                    Country = S(m, "country"),
                }),
            ],
            Tags = json.TryGetValue(TagsKey, out var tags) && tags is IReadOnlyList<object?> tagList ? [.. tagList.OfType<string>()] : [],
            CreatedAt = ParseTime(S(json, CreatedAtKey)),
            UpdatedAt = ParseTime(S(json, UpdatedAtKey)),
        };
    }

    /// <summary>Times are ISO 8601 UTC strings: the same text in every client, unlike numbers (Yjs encodes big integers as floats).</summary>
    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : default;
}
