using Google.Protobuf.WellKnownTypes;
using P2PClinic.Plugins.Contacts.Internal.Model;
using Proto = P2PClinic.Api.Contacts.V1;

namespace P2PClinic.Plugins.Contacts.Internal.Api;

/// <summary>Converts contacts between the API's messages and the model.</summary>
internal static class ContactMessages
{
    public static Proto.Contact ToMessage(Contact contact)
    {
        var message = new Proto.Contact
        {
            Id = contact.Id,
            DisplayName = contact.DisplayName,
            GivenName = contact.GivenName,
            FamilyName = contact.FamilyName,
            Organization = contact.Organization,
            Title = contact.Title,
            Birthday = contact.Birthday?.ToString() ?? "",
            Note = contact.Note,
            Uid = contact.Uid,
            CreatedAt = contact.CreatedAt == default ? null : Timestamp.FromDateTimeOffset(contact.CreatedAt),
            UpdatedAt = contact.UpdatedAt == default ? null : Timestamp.FromDateTimeOffset(contact.UpdatedAt),
        };
        message.Emails.AddRange(contact.Emails.Select(e => new Proto.LabeledValue { Label = e.Label, Value = e.Value }));
        message.Phones.AddRange(contact.Phones.Select(p => new Proto.LabeledValue { Label = p.Label, Value = p.Value }));
        message.Addresses.AddRange(contact.Addresses.Select(a => new Proto.PostalAddress
        {
            Label = a.Label,
            PoBox = a.PoBox,
            Extended = a.Extended,
            Street = a.Street,
            Locality = a.Locality,
            Region = a.Region,
            PostalCode = a.PostalCode,
            Country = a.Country,
        }));
        message.Tags.AddRange(contact.Tags);
        return message;
    }

    /// <summary>The model of a request's contact; times and id are the caller's to set.</summary>
    /// <exception cref="ContactValidationException">The birthday is not a date.</exception>
    public static Contact FromMessage(Proto.Contact? message)
    {
        message ??= new Proto.Contact();
        Birthday? birthday = null;
        if (message.Birthday.Trim() is { Length: > 0 } text && !Birthday.TryParse(text, out birthday))
        {
            throw new ContactValidationException("birthday", $"'{text}' is not a date (yyyy-MM-dd, or --MM-dd without a year)");
        }

        return new Contact
        {
            Id = message.Id,
            DisplayName = message.DisplayName,
            GivenName = message.GivenName,
            FamilyName = message.FamilyName,
            Organization = message.Organization,
            Title = message.Title,
            Birthday = birthday,
            Note = message.Note,
            Uid = message.Uid,
            Emails = [.. message.Emails.Select(e => new LabeledValue(e.Label, e.Value))],
            Phones = [.. message.Phones.Select(p => new LabeledValue(p.Label, p.Value))],
            Addresses =
            [
                .. message.Addresses.Select(a => new PostalAddress
                {
                    Label = a.Label,
                    PoBox = a.PoBox,
                    Extended = a.Extended,
                    Street = a.Street,
                    Locality = a.Locality,
                    Region = a.Region,
                    PostalCode = a.PostalCode,
                    Country = a.Country,
                }),
            ],
            Tags = [.. message.Tags],
        };
    }
}
