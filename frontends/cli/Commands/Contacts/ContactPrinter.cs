using System.Globalization;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>Prints contacts: JSON for scripts, a table or a card for people.</summary>
internal static class ContactPrinter
{
    public static int Print(NodeCall call, Contact contact, string? verb)
    {
        if (call.Json)
        {
            call.Output.WriteJson(ContactView.From(contact), ContactJson.Default.ContactView);
            return ExitCodes.Ok;
        }

        if (verb is not null)
        {
            call.Output.WriteLine($"{verb} contact '{contact.DisplayName}' ({contact.Id}).");
            if (verb == "Deleted")
            {
                return ExitCodes.Ok;
            }
        }

        var table = CliOutput.Table("Field", "Value");
        void Row(string field, string value)
        {
            if (value.Length > 0)
            {
                CliOutput.AddRow(table, field, value);
            }
        }

        Row("id", contact.Id);
        Row("name", contact.DisplayName);
        Row("given name", contact.GivenName);
        Row("family name", contact.FamilyName);
        foreach (var email in contact.Emails)
        {
            Row(Labeled("email", email.Label), email.Value);
        }

        foreach (var phone in contact.Phones)
        {
            Row(Labeled("phone", phone.Label), phone.Value);
        }

        Row("organization", contact.Organization);
        Row("title", contact.Title);
        foreach (var a in contact.Addresses)
        {
            Row(Labeled("address", a.Label), string.Join(", ", new[] { a.PoBox, a.Extended, a.Street, a.Locality, a.Region, a.PostalCode, a.Country }.Where(s => s.Length > 0)));
        }

        Row("birthday", contact.Birthday);
        Row("note", contact.Note);
        Row("tags", string.Join(", ", contact.Tags));
        Row("updated", contact.UpdatedAt?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? "");
        call.Output.Write(table);
        return ExitCodes.Ok;
    }

    public static void Table(NodeCall call, IReadOnlyCollection<Contact> contacts, string? whenEmpty)
    {
        if (contacts.Count == 0)
        {
            call.Output.WriteLine(whenEmpty ?? "No contacts.");
            return;
        }

        var table = CliOutput.Table("Name", "Email", "Phone", "Organization", "Id");
        foreach (var c in contacts)
        {
            CliOutput.AddRow(table, c.DisplayName, c.Emails.FirstOrDefault()?.Value ?? "", c.Phones.FirstOrDefault()?.Value ?? "", c.Organization, c.Id);
        }

        call.Output.Write(table);
    }

    private static string Labeled(string field, string label) => label.Length > 0 ? $"{field} ({label})" : field;
}
