extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;

namespace P2PClinic.Contacts.Tests.VCard;

/// <summary>Compares contacts by value, lists element by element (records compare lists by reference).</summary>
internal sealed class ContactComparer : IEqualityComparer<Contact?>
{
    public static ContactComparer Instance { get; } = new();

    public bool Equals(Contact? x, Contact? y) =>
        x is not null && y is not null
        && x.Id == y.Id && x.DisplayName == y.DisplayName && x.GivenName == y.GivenName && x.FamilyName == y.FamilyName
        && x.Emails.SequenceEqual(y.Emails) && x.Phones.SequenceEqual(y.Phones)
        && x.Organization == y.Organization && x.Title == y.Title
        && x.Addresses.SequenceEqual(y.Addresses) && x.Birthday == y.Birthday && x.Note == y.Note
        && x.Tags.SequenceEqual(y.Tags) && x.Uid == y.Uid && x.CreatedAt == y.CreatedAt && x.UpdatedAt == y.UpdatedAt;

    public int GetHashCode(Contact? obj) => obj is null ? 0 : obj.Id.GetHashCode(StringComparison.Ordinal);
}
