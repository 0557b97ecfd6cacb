extern alias ContactsPlugin;
using System.Text.Json;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.VCard;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.VCard;

/// <summary>
/// Our exports as another implementation reads them: Mozilla's ical.js (pinned in tests/vcard-oracle, installed by
/// test.sh) parses what <see cref="VCardWriter"/> wrote, and each field it finds is compared with the contact, so
/// a writer and reader of ours that agree on a mistake still fail here.
/// </summary>
public sealed class VCardIcalJsTests
{
    /// <summary>The hard cases: folding, escaping, non-ASCII and astral characters, several values, labels vCard has no word for.</summary>
    private static readonly Contact[] Corpus =
    [
        new()
        {
            Id = "0f8fad5bd9cb469fa16570867728950e",
            DisplayName = "María José Carreño Quiñones",
            GivenName = "María José",
            FamilyName = "Carreño Quiñones",
            Emails = [new LabeledValue("work", "mj@hospital.example"), new LabeledValue("Club de lectura; martes", "mj.books@example.org")],
            Phones = [new LabeledValue("cell", "+34 600 000 000"), new LabeledValue("", "91 123 45 67"), new LabeledValue("home", "91 765 43 21")],
            Organization = "Hospital Universitario, Sección \\ Norte",
            Title = "Jefa de servicio",
            Addresses = [new PostalAddress { Label = "work", Street = "Paseo de la Castellana 261; planta 3", Locality = "Madrid", PostalCode = "28046", Country = "España" }],
            Birthday = new Birthday(null, 2, 29),
            Note = "Línea uno\nLínea dos; con coma, y barra \\ final. " + string.Concat(Enumerable.Repeat("ñandú 🦤 ", 20)) + "fin.",
            Tags = ["Cardiología", "VIP, a", "2026"],
            UpdatedAt = new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.Zero),
        },
        new()
        {
            Id = "c2",
            DisplayName = "山田 花子",
            GivenName = "花子",
            FamilyName = "山田",
            Phones = [new LabeledValue("work", "+81 3-1234-5678")],
            Addresses = [new PostalAddress { Label = "home", PoBox = "PO 7", Extended = "Apt. 2,3", Street = "千代田1-1", Locality = "千代田区", Region = "東京都", PostalCode = "100-0001", Country = "日本" }],
            Birthday = new Birthday(1985, 11, 2),
            Note = string.Concat(Enumerable.Repeat("長い備考。", 40)),
        },
        new() { Id = "c3", DisplayName = "Only A Name" },
    ];

    public static TheoryData<string> Versions => ["4.0", "3.0"];

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task ExportedCardsReadByIcaljsCarryEveryField(string version)
    {
        var text = VCardWriter.WriteAll(Corpus, version == "4.0" ? VCardVersion.V40 : VCardVersion.V30);

        var cards = await IcalJs.ParseAsync(text);

        Assert.Equal(Corpus.Length, cards.Count);
        for (var i = 0; i < Corpus.Length; i++)
        {
            AssertCard(Corpus[i], cards[i], version);
        }
    }

    private static void AssertCard(Contact contact, JsonElement card, string version)
    {
        Assert.Equal("vcard", card[0].GetString());
        var properties = card[1].EnumerateArray().Select(IcalJs.Property.From).ToList();
        string Single(string name) => Assert.Single(properties, p => p.Name == name).Text;

        // RFC 2426 section 4 makes a 3.0 writer escape every semicolon in text; ical.js keeps the backslash of "\;"
        // where it is not a separator (4.0 exports leave such semicolons bare, see VCardWriter).
        string TextOf(IcalJs.Property? p) => p is null ? "" : version == "3.0" ? p.Text.Replace("\\;", ";", StringComparison.Ordinal) : p.Text;

        Assert.Equal(version, Single("version"));
        Assert.Equal(contact.EffectiveName, TextOf(properties.Single(p => p.Name == "fn")));
        // N carries the structured name, or else the display name whole as the given name (VCardWriter.NameValue).
        var structured = contact.FamilyName.Length > 0 || contact.GivenName.Length > 0;
        Assert.Equal(
            structured ? [contact.FamilyName, contact.GivenName, "", "", ""] : ["", contact.DisplayName, "", "", ""],
            Assert.Single(properties, p => p.Name == "n").Components);
        Assert.Equal(contact.Organization, properties.SingleOrDefault(p => p.Name == "org")?.Text ?? "");
        Assert.Equal(contact.Title, TextOf(properties.SingleOrDefault(p => p.Name == "title")));
        Assert.Equal(contact.Note, TextOf(properties.SingleOrDefault(p => p.Name == "note")));
        Assert.Equal(contact.Tags, properties.SingleOrDefault(p => p.Name == "categories")?.Values ?? []);
        Assert.Equal(contact.Id == Corpus[0].Id ? "urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e" : contact.Id, Single("uid"));

        AssertLabeled(contact.Emails, properties, "email", version);
        AssertLabeled(contact.Phones, properties, "tel", version);
        var addresses = properties.Where(p => p.Name == "adr").ToList();
        Assert.Equal(contact.Addresses.Count, addresses.Count);
        for (var i = 0; i < addresses.Count; i++)
        {
            var a = contact.Addresses[i];
            Assert.Equal([a.PoBox, a.Extended, a.Street, a.Locality, a.Region, a.PostalCode, a.Country], addresses[i].Components);
            Assert.Equal(a.Label, LabelOf(addresses[i], properties));
        }

        var birthday = properties.SingleOrDefault(p => p.Name == "bday");
        if (contact.Birthday is not { } b)
        {
            Assert.Null(birthday);
        }
        else if (b.Year is { } year)
        {
            Assert.Equal($"{year:0000}-{b.Month:00}-{b.Day:00}", birthday!.Text);
        }
        else if (version == "4.0")
        {
            Assert.Equal($"--{b.Month:00}-{b.Day:00}", birthday!.Text); // RFC 6350 section 4.3.1: a date without its year
        }
        else
        {
            Assert.Equal($"1604-{b.Month:00}-{b.Day:00}", birthday!.Text); // Apple's year-less 3.0 birthday
            Assert.Equal(["1604"], birthday.Parameter("x-apple-omit-year"));
        }

        var rev = properties.SingleOrDefault(p => p.Name == "rev");
        Assert.Equal(contact.UpdatedAt == default ? null : "2026-11-25T23:30:00Z", rev?.Text);
    }

    private static void AssertLabeled(IReadOnlyList<LabeledValue> expected, List<IcalJs.Property> properties, string name, string version)
    {
        var found = properties.Where(p => p.Name == name).ToList();
        Assert.Equal(expected.Select(e => e.Value), found.Select(p => p.Text));
        Assert.Equal(expected.Select(e => e.Label), found.Select(p => LabelOf(p, properties)));

        // The first of several is the preferred one (RFC 6350 PREF=1; RFC 2426 TYPE=pref), and only it.
        for (var i = 0; i < found.Count; i++)
        {
            var preferred = version == "4.0" ? found[i].Parameter("pref").SequenceEqual(["1"]) : found[i].Parameter("type").Contains("pref", StringComparer.OrdinalIgnoreCase);
            Assert.Equal(i == 0 && found.Count > 1, preferred);
        }
    }

    /// <summary>A TYPE word, else the X-ABLabel of the property's group (how Apple carries a label vCard has no word for).</summary>
    private static string LabelOf(IcalJs.Property property, List<IcalJs.Property> all)
    {
        var types = property.Parameter("type").Where(t => !t.Equals("pref", StringComparison.OrdinalIgnoreCase)).ToList();
        if (types.Count > 0)
        {
            return string.Join(',', types);
        }

        if (property.Group is { } group)
        {
            // ical.js leaves X- properties uninterpreted (type "unknown"): their text escapes are still in the value.
            return IcalJs.UnescapeText(Assert.Single(all, p => p.Group == group && p.Name == "x-ablabel").Text);
        }

        return "";
    }
}
