using P2PClinic.Api.Contacts.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Contacts;

/// <summary>Turns the field options of <c>contact add</c>/<c>edit</c> into a contact and the mask paths they set.</summary>
internal static class ContactInput
{
    public static Contact Fields(ContactFieldSettings settings, out List<string> paths)
    {
        var contact = new Contact();
        var set = new List<string>();
        void Text(string? value, string path, Action<string> assign)
        {
            if (value is not null)
            {
                assign(value);
                set.Add(path);
            }
        }

        Text(settings.Given, "given_name", v => contact.GivenName = v);
        Text(settings.Family, "family_name", v => contact.FamilyName = v);
        Text(settings.Organization, "organization", v => contact.Organization = v);
        Text(settings.Title, "title", v => contact.Title = v);
        Text(settings.Birthday, "birthday", v => contact.Birthday = v);
        Text(settings.Note, "note", v => contact.Note = v);
        if (settings.Emails is { Length: > 0 } emails)
        {
            contact.Emails.AddRange(emails.Select(Labeled));
            set.Add("emails");
        }

        if (settings.Phones is { Length: > 0 } phones)
        {
            contact.Phones.AddRange(phones.Select(Labeled));
            set.Add("phones");
        }

        if (settings.Tags is { Length: > 0 } tags)
        {
            contact.Tags.AddRange(tags);
            set.Add("tags");
        }

        paths = set;
        return contact;
    }

    public static ContactSort Sort(string? sort) => sort?.ToLowerInvariant() switch
    {
        null or "name" => ContactSort.Name,
        "family" or "family_name" => ContactSort.FamilyName,
        "created" or "created_at" => ContactSort.CreatedAt,
        "updated" or "updated_at" => ContactSort.UpdatedAt,
        _ => throw new CliException($"--sort must be name, family, created or updated, not '{sort}'", ExitCodes.Usage),
    };

    /// <summary>
    /// <c>work=ana@example.org</c> → label "work"; a value without '=' has no label. Only a short leading word
    /// counts as a label, because a phone written as a tel: URI may itself contain '=' (<c>;ext=102</c>).
    /// </summary>
    private static LabeledValue Labeled(string option)
    {
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && equals <= 32 && option[..equals].All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or ','))
        {
            return new LabeledValue { Label = option[..equals].Trim(), Value = option[(equals + 1)..].Trim() };
        }

        return new LabeledValue { Value = option.Trim() };
    }
}
