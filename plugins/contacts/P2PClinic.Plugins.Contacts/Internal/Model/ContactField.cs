namespace P2PClinic.Plugins.Contacts.Internal.Model;

/// <summary>The fields a change may touch (an update's field mask), by their proto names.</summary>
[Flags]
internal enum ContactField
{
    None = 0,
    DisplayName = 1 << 0,
    GivenName = 1 << 1,
    FamilyName = 1 << 2,
    Emails = 1 << 3,
    Phones = 1 << 4,
    Organization = 1 << 5,
    Title = 1 << 6,
    Addresses = 1 << 7,
    Birthday = 1 << 8,
    Note = 1 << 9,
    Tags = 1 << 10,
    Uid = 1 << 11,
    All = (1 << 12) - 1,
}

/// <summary>Field mask paths (proto names, as google.protobuf.FieldMask carries them) to fields.</summary>
internal static class ContactFieldNames
{
    private static readonly Dictionary<string, ContactField> ByPath = new(StringComparer.Ordinal)
    {
        ["display_name"] = ContactField.DisplayName,
        ["given_name"] = ContactField.GivenName,
        ["family_name"] = ContactField.FamilyName,
        ["emails"] = ContactField.Emails,
        ["phones"] = ContactField.Phones,
        ["organization"] = ContactField.Organization,
        ["title"] = ContactField.Title,
        ["addresses"] = ContactField.Addresses,
        ["birthday"] = ContactField.Birthday,
        ["note"] = ContactField.Note,
        ["tags"] = ContactField.Tags,
        ["uid"] = ContactField.Uid,
    };

    public static IEnumerable<string> Paths => ByPath.Keys;

    /// <summary>The fields named by <paramref name="paths"/>.</summary>
    /// <exception cref="ContactValidationException">A path names no updatable field.</exception>
    public static ContactField Parse(IEnumerable<string> paths)
    {
        var fields = ContactField.None;
        foreach (var path in paths)
        {
            // The JSON form of a FieldMask uses lowerCamelCase; accept both spellings.
            var snake = string.Concat(path.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
            if (!ByPath.TryGetValue(snake, out var field))
            {
                throw new ContactValidationException("update_mask", $"'{path}' is not an updatable field (one of {string.Join(", ", ByPath.Keys)})");
            }

            fields |= field;
        }

        return fields;
    }
}
