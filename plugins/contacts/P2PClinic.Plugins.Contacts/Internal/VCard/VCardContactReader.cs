using P2PClinic.Plugins.Contacts.Internal.Model;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>Turns a card into a contact: the properties the contact model has, the rest ignored.</summary>
internal static class VCardContactReader
{
    /// <summary>Maps the card; every value is unescaped. The contact has no id or times yet.</summary>
    /// <exception cref="VCardSyntaxException">A value this plugin must understand (a BDAY) does not parse.</exception>
    public static Contact ToContact(VCardCard card)
    {
        var properties = card.Properties;
        string Text(string name) => properties.FirstOrDefault(p => p.Name == name) is { } p ? VCardText.Unescape(p.Value).Trim() : "";

        var n = properties.FirstOrDefault(p => p.Name == "N") is { } nProperty ? VCardText.Components(nProperty.Value) : [];
        var org = properties.FirstOrDefault(p => p.Name == "ORG") is { } orgProperty ? VCardText.Components(orgProperty.Value) : [];
        var notes = properties.Where(p => p.Name == "NOTE").Select(p => VCardText.Unescape(p.Value).Trim()).Where(s => s.Length > 0);
        var tags = properties.Where(p => p.Name == "CATEGORIES")
            .SelectMany(p => VCardText.ListItems(p.Value))
            .Select(t => t.Trim())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal);

        var displayName = Text("FN");
        var familyName = n.ElementAtOrDefault(0)?.Trim() ?? "";
        var givenName = n.ElementAtOrDefault(1)?.Trim() ?? "";
        if (familyName.Length == 0 && givenName.Length > 0 && givenName == displayName && n.Skip(2).All(c => c.Trim().Length == 0))
        {
            // N:;<FN>;;; is how VCardWriter writes a contact known by its display name alone: read it back as that.
            givenName = "";
        }

        return new Contact
        {
            DisplayName = displayName,
            FamilyName = familyName,
            GivenName = givenName,
            Organization = org.ElementAtOrDefault(0)?.Trim() ?? "",
            Title = Text("TITLE"),
            Emails = Labeled(properties, "EMAIL", v => v.Trim()),
            Phones = Labeled(properties, "TEL", PhoneValue),
            Addresses = Addresses(properties),
            Birthday = properties.FirstOrDefault(p => p.Name == "BDAY") is { } bday ? ParseBirthday(bday) : null,
            Note = string.Join('\n', notes),
            Tags = [.. tags],
            Uid = Text("UID"),
        };
    }

    private static List<LabeledValue> Labeled(IReadOnlyList<VCardProperty> properties, string name, Func<string, string> clean) =>
    [
        .. properties
            .Where(p => p.Name == name)
            .Select((p, index) => (Property: p, Index: index))
            .OrderBy(x => VCardLabels.PreferenceOf(x.Property))
            .ThenBy(x => x.Index)
            .Select(x => new LabeledValue(VCardLabels.LabelOf(x.Property, properties), clean(VCardText.Unescape(x.Property.Value))))
            .Where(v => v.Value.Length > 0),
    ];

    /// <summary>4.0 may write a phone as a <c>tel:</c> URI (RFC 3966); the contact keeps the number.</summary>
    private static string PhoneValue(string value)
    {
        var trimmed = value.Trim();
        return trimmed.StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? trimmed[4..] : trimmed;
    }

    private static List<PostalAddress> Addresses(IReadOnlyList<VCardProperty> properties) =>
    [
        .. properties
            .Where(p => p.Name == "ADR")
            .Select((p, index) => (Property: p, Index: index))
            .OrderBy(x => VCardLabels.PreferenceOf(x.Property))
            .ThenBy(x => x.Index)
            .Select(x =>
            {
                var c = VCardText.Components(x.Property.Value);
                string At(int i) => c.ElementAtOrDefault(i)?.Trim() ?? "";
                return new PostalAddress
                {
                    Label = VCardLabels.LabelOf(x.Property, properties),
                    PoBox = At(0),
                    Extended = At(1),
                    Street = At(2),
                    Locality = At(3),
                    Region = At(4),
                    PostalCode = At(5),
                    Country = At(6),
                };
            })
            .Where(a => !a.IsEmpty),
    ];

    /// <summary>
    /// BDAY forms seen in the wild: 4.0 <c>19800517</c> and <c>--0517</c> / <c>--05-17</c> (RFC 6350 section 4.3.1),
    /// 3.0 <c>1980-05-17</c> (RFC 2426 section 3.1.5), with or without a time part, and Apple's year-less
    /// <c>1604-05-17</c> marked with X-APPLE-OMIT-YEAR. A VALUE=text birthday carries no date and is skipped.
    /// </summary>
    private static Birthday? ParseBirthday(VCardProperty property)
    {
        if (property.ParameterValues("VALUE").Any(v => v.Equals("text", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var value = VCardText.Unescape(property.Value).Trim();
        var tIndex = value.IndexOf('T', StringComparison.Ordinal);
        var date = tIndex >= 0 ? value[..tIndex] : value;
        int? year = null;
        int month = 0, day = 0;
        var parsed = false;
        if (date.StartsWith("--", StringComparison.Ordinal))
        {
            var rest = date[2..].Replace("-", "", StringComparison.Ordinal);
            parsed = rest.Length == 4 && Birthday.TryDigits(rest.AsSpan(0, 2), out month) && Birthday.TryDigits(rest.AsSpan(2, 2), out day);
        }
        else
        {
            var compact = date.Length == 10 && date[4] == '-' && date[7] == '-' ? date.Replace("-", "", StringComparison.Ordinal) : date;
            if (compact.Length == 8 && Birthday.TryDigits(compact.AsSpan(0, 4), out var y) && Birthday.TryDigits(compact.AsSpan(4, 2), out month) && Birthday.TryDigits(compact.AsSpan(6, 2), out day))
            {
                parsed = true;
                var omitted = property.ParameterValues("X-APPLE-OMIT-YEAR").FirstOrDefault();
                year = omitted is not null && int.TryParse(omitted, out var omit) && omit == y ? null : y;
            }
        }

        if (parsed && Birthday.TryCreate(year, month, day, out var birthday))
        {
            return birthday;
        }

        throw new VCardSyntaxException(property.Line, $"BDAY '{value}' is not a date (expected e.g. 19800517, 1980-05-17 or --0517)");
    }
}
