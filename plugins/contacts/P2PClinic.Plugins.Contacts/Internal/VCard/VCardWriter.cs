using System.Globalization;
using System.Text;
using P2PClinic.Plugins.Contacts.Internal.Model;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Writes contacts as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426): CRLF line ends, text escaped, lines longer than
/// 75 octets folded (RFC 6350 section 3.2) between whole UTF-8 sequences, never inside a character.
/// </summary>
internal sealed class VCardWriter
{
    /// <summary>RFC 6350 section 3.2: "Lines of text SHOULD NOT be longer than 75 octets, excluding the line break."</summary>
    public const int MaxLineOctets = 75;

    /// <summary>A contact without a UID of its own is exported under <c>urn:uuid:&lt;its id&gt;</c> (RFC 6350 section 6.7.6, RFC 4122).</summary>
    public const string UuidUrnPrefix = "urn:uuid:";

    private readonly TextWriter _output;
    private readonly VCardVersion _version;

    public VCardWriter(TextWriter output, VCardVersion version = VCardVersion.V40)
    {
        if (version == VCardVersion.V21)
        {
            throw new ArgumentOutOfRangeException(nameof(version), "vCard 2.1 is read, never written");
        }

        _output = output;
        _version = version;
    }

    /// <summary>Writes contacts into one string, one card each.</summary>
    public static string WriteAll(IEnumerable<Contact> contacts, VCardVersion version = VCardVersion.V40)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var vcard = new VCardWriter(writer, version);
        foreach (var contact in contacts)
        {
            vcard.Write(contact);
        }

        return writer.ToString();
    }

    public void Write(Contact contact)
    {
        var group = 0;
        Line("BEGIN:VCARD");
        Line(_version == VCardVersion.V40 ? "VERSION:4.0" : "VERSION:3.0");
        Line("UID:" + Text(UidOf(contact)));
        Line("FN:" + Text(contact.EffectiveName));
        Line("N:" + NameValue(contact));
        if (contact.Organization.Length > 0)
        {
            Line("ORG:" + VCardText.Escape(contact.Organization));
        }

        if (contact.Title.Length > 0)
        {
            Line("TITLE:" + Text(contact.Title));
        }

        for (var i = 0; i < contact.Emails.Count; i++)
        {
            WriteLabeled("EMAIL", contact.Emails[i].Label, i, contact.Emails.Count, Text(contact.Emails[i].Value), ref group);
        }

        for (var i = 0; i < contact.Phones.Count; i++)
        {
            WriteLabeled("TEL", contact.Phones[i].Label, i, contact.Phones.Count, Text(contact.Phones[i].Value), ref group);
        }

        for (var i = 0; i < contact.Addresses.Count; i++)
        {
            var a = contact.Addresses[i];
            var value = string.Join(';', new[] { a.PoBox, a.Extended, a.Street, a.Locality, a.Region, a.PostalCode, a.Country }.Select(c => VCardText.Escape(c)));
            WriteLabeled("ADR", a.Label, i, contact.Addresses.Count, value, ref group);
        }

        if (contact.Birthday is { } birthday)
        {
            Line(BirthdayLine(birthday));
        }

        if (contact.Note.Length > 0)
        {
            Line("NOTE:" + Text(contact.Note));
        }

        if (contact.Tags.Count > 0)
        {
            Line("CATEGORIES:" + string.Join(',', contact.Tags.Select(Text)));
        }

        if (contact.UpdatedAt != default)
        {
            var utc = contact.UpdatedAt.UtcDateTime;
            Line("REV:" + utc.ToString(_version == VCardVersion.V40 ? "yyyyMMdd'T'HHmmss'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        Line("END:VCARD");
    }

    /// <summary>
    /// Splits a logical line into physical lines of at most 75 octets, continuation lines led by one space
    /// (which counts toward their 75), cutting only between whole characters (a surrogate pair stays whole).
    /// </summary>
    public static IEnumerable<string> Fold(string line)
    {
        var start = 0;
        var octets = 0;
        var limit = MaxLineOctets;
        var index = 0;
        while (index < line.Length)
        {
            var rune = Rune.GetRuneAt(line, index);
            var width = rune.Utf8SequenceLength;
            if (octets + width > limit)
            {
                yield return start == 0 ? line[..index] : " " + line[start..index];
                start = index;
                octets = 0;
                limit = MaxLineOctets - 1;
            }

            octets += width;
            index += rune.Utf16SequenceLength;
        }

        yield return start == 0 ? line : " " + line[start..];
    }

    /// <summary>
    /// N (required in 3.0, RFC 2426 section 3.1.2; kept in 4.0, where Apple Contacts builds the name it shows from it):
    /// the family and given names when either is known. When only the display name is, it goes whole into the given
    /// name (<c>N:;Ana Núñez;;;</c>): no guess where a family name starts, and Apple and Google show it as FN does;
    /// <see cref="VCardContactReader"/> reads that form back as a display name alone. With no name at all (a contact
    /// known by its organization, email or phone) N stays empty (<c>N:;;;;</c>), as Apple writes company cards.
    /// </summary>
    internal static string NameValue(Contact contact) =>
        contact.FamilyName.Length > 0 || contact.GivenName.Length > 0
            ? $"{VCardText.Escape(contact.FamilyName)};{VCardText.Escape(contact.GivenName)};;;"
            : $";{VCardText.Escape(contact.DisplayName)};;;";

    /// <summary>
    /// A single text value (not N, ADR or ORG, whose semicolons separate components). 4.0 leaves its semicolons as
    /// they are, as RFC 6350 section 3.4 allows and readers like ical.js (Thunderbird) need; RFC 2426 section 4 makes
    /// 3.0 escape them.
    /// </summary>
    private string Text(string value) => VCardText.Escape(value, semicolon: _version != VCardVersion.V40);

    private static string UidOf(Contact contact) =>
        contact.Uid.Length > 0 ? contact.Uid
        : Guid.TryParseExact(contact.Id, "N", out var guid) ? UuidUrnPrefix + guid.ToString("D")
        : contact.Id;

    private void WriteLabeled(string name, string label, int index, int count, string value, ref int group)
    {
        var builder = new StringBuilder();
        string? appleLabel = null;
        if (label.Length > 0 && !VCardLabels.IsTypeLabel(label))
        {
            // A label vCard has no TYPE word for travels as Apple does it: a group and its X-ABLabel.
            appleLabel = label;
            group++;
            builder.Append(CultureInfo.InvariantCulture, $"item{group}.");
        }

        builder.Append(name);
        if (appleLabel is null && label.Length > 0)
        {
            builder.Append(";TYPE=").Append(label);
        }

        if (index == 0 && count > 1)
        {
            builder.Append(_version == VCardVersion.V40 ? ";PREF=1" : ";TYPE=pref");
        }

        builder.Append(':').Append(value);
        Line(builder.ToString());
        if (appleLabel is not null)
        {
            Line($"item{group}.X-ABLabel:{Text(appleLabel)}");
        }
    }

    private string BirthdayLine(Birthday birthday)
    {
        if (_version == VCardVersion.V40)
        {
            return birthday.Year is { } year
                ? string.Create(CultureInfo.InvariantCulture, $"BDAY:{year:0000}{birthday.Month:00}{birthday.Day:00}")
                : string.Create(CultureInfo.InvariantCulture, $"BDAY:--{birthday.Month:00}{birthday.Day:00}");
        }

        // 3.0 has no year-less date; Apple's convention (year 1604 marked as omitted) is what phones understand.
        return birthday.Year is { } y
            ? string.Create(CultureInfo.InvariantCulture, $"BDAY:{y:0000}-{birthday.Month:00}-{birthday.Day:00}")
            : string.Create(CultureInfo.InvariantCulture, $"BDAY;X-APPLE-OMIT-YEAR=1604:1604-{birthday.Month:00}-{birthday.Day:00}");
    }

    private void Line(string line)
    {
        foreach (var physical in Fold(line))
        {
            _output.Write(physical);
            _output.Write("\r\n");
        }
    }
}
