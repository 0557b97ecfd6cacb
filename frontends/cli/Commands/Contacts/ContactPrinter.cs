using System.Globalization;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>Prints contacts: JSON for scripts, a table or a card for people.</summary>
internal static class ContactPrinter
{
    public static int Print(NodeCall call, Contact contact, string? verb) =>
        RecordPrinter.Print(call, ContactView.From(contact), ContactJson.Default.ContactView, verb, $"contact '{contact.DisplayName}' ({contact.Id})", card =>
        {
            card.Row("id", contact.Id);
            card.Row("name", contact.DisplayName);
            card.Row("given name", contact.GivenName);
            card.Row("family name", contact.FamilyName);
            foreach (var email in contact.Emails)
            {
                card.Row("email", email.Label, email.Value);
            }

            foreach (var phone in contact.Phones)
            {
                card.Row("phone", phone.Label, phone.Value);
            }

            card.Row("organization", contact.Organization);
            card.Row("title", contact.Title);
            foreach (var a in contact.Addresses)
            {
                card.Row("address", a.Label, string.Join(", ", new[] { a.PoBox, a.Extended, a.Street, a.Locality, a.Region, a.PostalCode, a.Country }.Where(s => s.Length > 0)));
            }

            card.Row("birthday", contact.Birthday);
            card.Row("note", contact.Note);
            card.Row("tags", string.Join(", ", contact.Tags));
            card.Row("updated", contact.UpdatedAt?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? "");
        });

    public static void Table(NodeCall call, IReadOnlyCollection<Contact> contacts, string? whenEmpty) =>
        RecordPrinter.Table(
            call,
            contacts,
            whenEmpty ?? "No contacts.",
            ["Name", "Email", "Phone", "Organization", "Id"],
            c => [c.DisplayName, c.Emails.FirstOrDefault()?.Value ?? "", c.Phones.FirstOrDefault()?.Value ?? "", c.Organization, c.Id]);
}
