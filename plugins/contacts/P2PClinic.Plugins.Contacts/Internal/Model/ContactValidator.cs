namespace P2PClinic.Plugins.Contacts.Internal.Model;

/// <summary>Cleans (trims, drops empty tags) and checks a whole contact before it is stored; the first problem found is thrown.</summary>
internal static class ContactValidator
{
    /// <summary>The cleaned contact.</summary>
    /// <exception cref="ContactValidationException">A field is invalid, naming it.</exception>
    public static Contact Validate(Contact contact)
    {
        var cleaned = contact with
        {
            DisplayName = Short(contact.DisplayName, "display_name"),
            GivenName = Short(contact.GivenName, "given_name"),
            FamilyName = Short(contact.FamilyName, "family_name"),
            Organization = Short(contact.Organization, "organization"),
            Title = Short(contact.Title, "title"),
            Note = Text(contact.Note.Trim(), "note", ContactLimits.Note),
            Uid = Text(contact.Uid.Trim(), "uid", ContactLimits.Uid),
            Emails = List(contact.Emails, "emails", (e, path) => new LabeledValue(Label(e.Label, path), Email(e.Value, path + ".value"))),
            Phones = List(contact.Phones, "phones", (p, path) => new LabeledValue(Label(p.Label, path), Phone(p.Value, path + ".value"))),
            Addresses = List(contact.Addresses, "addresses", Address),
            Tags = Tags(contact.Tags),
        };

        if (cleaned.DisplayName.Length == 0 && cleaned.GivenName.Length == 0 && cleaned.FamilyName.Length == 0
            && cleaned.Organization.Length == 0 && cleaned.Emails.Count == 0 && cleaned.Phones.Count == 0)
        {
            throw new ContactValidationException("contact", "a contact needs at least a name, an organization, an email or a phone");
        }

        return cleaned;
    }

    /// <summary>
    /// A pragmatic address check (RFC 5322 section 3.4.1 addr-spec without comments or quoted local parts):
    /// one '@', a local part of at most 64 characters without spaces, a domain of dot-separated labels made
    /// of letters, digits and inner hyphens (internationalized letters allowed).
    /// </summary>
    public static bool IsEmail(string value)
    {
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.Length > ContactLimits.Email || at > ContactLimits.EmailLocalPart)
        {
            return false;
        }

        var local = value.AsSpan(0, at);
        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '@' or '"' or '(' or ')' or '<' or '>' or '[' or ']' or ',' or ';' or ':' or '\\')
            {
                return false;
            }
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var label in value[(at + 1)..].Split('.'))
        {
            if (label.Length == 0 || label.Length > 63 || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Short(string value, string field) => Text(value.Trim(), field, ContactLimits.ShortText);

    private static string Text(string value, string field, int limit)
    {
        if (value.Length > limit)
        {
            throw new ContactValidationException(field, $"{value.Length} characters is more than the limit of {limit}");
        }

        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\t' or '\r')))
        {
            throw new ContactValidationException(field, "contains control characters");
        }

        return value;
    }

    private static string Label(string label, string path) => Text(label.Trim(), path + ".label", ContactLimits.Label);

    private static string Email(string value, string path)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw new ContactValidationException(path, "is empty");
        }

        if (!IsEmail(trimmed))
        {
            throw new ContactValidationException(path, $"'{Shorten(trimmed)}' is not an email address");
        }

        return trimmed;
    }

    private static string Phone(string value, string path)
    {
        var trimmed = Text(value.Trim(), path, ContactLimits.Phone);
        if (!trimmed.Any(char.IsAsciiDigit))
        {
            throw new ContactValidationException(path, trimmed.Length == 0 ? "is empty" : $"'{Shorten(trimmed)}' has no digits");
        }

        return trimmed;
    }

    private static PostalAddress Address(PostalAddress address, string path)
    {
        var cleaned = address with
        {
            Label = Label(address.Label, path),
            PoBox = Short(address.PoBox, path + ".po_box"),
            Extended = Short(address.Extended, path + ".extended"),
            Street = Short(address.Street, path + ".street"),
            Locality = Short(address.Locality, path + ".locality"),
            Region = Short(address.Region, path + ".region"),
            PostalCode = Short(address.PostalCode, path + ".postal_code"),
            Country = Short(address.Country, path + ".country"),
        };
        if (cleaned.IsEmpty)
        {
            throw new ContactValidationException(path, "is empty");
        }

        return cleaned;
    }

    private static List<T> List<T>(IReadOnlyList<T> items, string field, Func<T, string, T> clean)
    {
        if (items.Count > ContactLimits.ListItems)
        {
            throw new ContactValidationException(field, $"{items.Count} entries is more than the limit of {ContactLimits.ListItems}");
        }

        return [.. items.Select((item, i) => clean(item, $"{field}[{i}]"))];
    }

    private static List<string> Tags(IReadOnlyList<string> tags)
    {
        var cleaned = new List<string>();
        for (var i = 0; i < tags.Count; i++)
        {
            var tag = Text(tags[i].Trim(), $"tags[{i}]", ContactLimits.Label);
            if (tag.Length > 0 && !cleaned.Contains(tag, StringComparer.Ordinal))
            {
                cleaned.Add(tag);
            }
        }

        if (cleaned.Count > ContactLimits.ListItems)
        {
            throw new ContactValidationException("tags", $"{cleaned.Count} tags is more than the limit of {ContactLimits.ListItems}");
        }

        return cleaned;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
