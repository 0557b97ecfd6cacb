extern alias ContactsPlugin;
using System.Text;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.VCard;

namespace P2PClinic.Contacts.Tests.VCard;

public sealed class VCardWriterTests
{
    private static readonly Contact Full = new()
    {
        Id = "0f8fad5bd9cb469fa16570867728950e",
        DisplayName = "María José Carreño Quiñones",
        GivenName = "María José",
        FamilyName = "Carreño Quiñones",
        Emails = [new LabeledValue("work", "mj@hospital.example"), new LabeledValue("Club de lectura", "mj; books@example.org")],
        Phones = [new LabeledValue("cell", "+34 600 000 000"), new LabeledValue("", "91 123 45 67")],
        Organization = "Hospital Universitario, Sección \\ Norte",
        Title = "Jefa de servicio",
        Addresses = [new PostalAddress { Label = "work", Street = "Paseo de la Castellana 261", Locality = "Madrid", PostalCode = "28046", Country = "España" }],
        Birthday = new Birthday(null, 2, 29),
        Note = "Línea uno\nLínea dos; con coma, y barra \\ final. " + string.Concat(Enumerable.Repeat("ñandú 🦤 ", 20)) + "fin.",
        Tags = ["Cardiología", "VIP, a"],
        UpdatedAt = new DateTimeOffset(2026, 11, 25, 23, 30, 0, TimeSpan.Zero),
    };

    [Theory]
    [InlineData(VCardVersionCase.V40)]
    [InlineData(VCardVersionCase.V30)]
    public void WrittenCardsReadBackToTheSameContact(VCardVersionCase version)
    {
        var text = VCardWriter.WriteAll([Full], version == VCardVersionCase.V40 ? VCardVersion.V40 : VCardVersion.V30);

        var result = Assert.Single(VCardReader.ReadAll(text));
        Assert.Null(result.Error);
        var back = VCardContactReader.ToContact(result.Card!);

        Assert.Equal(Full.DisplayName, back.DisplayName);
        Assert.Equal(Full.GivenName, back.GivenName);
        Assert.Equal(Full.FamilyName, back.FamilyName);
        Assert.Equal(Full.Emails, back.Emails);
        Assert.Equal(Full.Phones, back.Phones);
        Assert.Equal(Full.Organization, back.Organization);
        Assert.Equal(Full.Title, back.Title);
        Assert.Equal(Full.Addresses, back.Addresses);
        Assert.Equal(Full.Birthday, back.Birthday);
        Assert.Equal(Full.Note, back.Note);
        Assert.Equal(Full.Tags, back.Tags);
        Assert.Equal("urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e", back.Uid);
    }

    [Fact]
    public void SampleCardsSurviveReadWriteRead()
    {
        foreach (var sample in new[] { VCardSamples.Apple, VCardSamples.Google, VCardSamples.Android, VCardSamples.Outlook, VCardSamples.Rfc6350 })
        {
            var first = VCardContactReader.ToContact(VCardReader.ReadAll(sample).Single().Card!);
            var second = VCardContactReader.ToContact(VCardReader.ReadAll(VCardWriter.WriteAll([first])).Single().Card!);

            Assert.Equal(first with { Uid = second.Uid }, second, ContactComparer.Instance);
        }
    }

    [Theory]
    [InlineData("Ana N\u00fa\u00f1ez", "", "", "", "N:;Ana N\u00fa\u00f1ez;;;")]
    [InlineData("Dr. Ana", "Ana", "N\u00fa\u00f1ez", "", "N:N\u00fa\u00f1ez;Ana;;;")]
    [InlineData("", "", "Lovelace", "", "N:Lovelace;;;;")]
    [InlineData("Smith\\, Jones; Partners", "", "", "", "N:;Smith\\\\\\, Jones\\; Partners;;;")]
    [InlineData("", "", "", "Analytical Engines", "N:;;;;")]
    public void NCarriesTheStructuredNameOrElseTheDisplayNameAsGivenName(string displayName, string given, string family, string organization, string expectedN)
    {
        var contact = new Contact { Id = "0f8fad5bd9cb469fa16570867728950e", DisplayName = displayName, GivenName = given, FamilyName = family, Organization = organization };

        foreach (var version in new[] { VCardVersion.V30, VCardVersion.V40 })
        {
            var card = VCardWriter.WriteAll([contact], version);
            Assert.Contains("\r\n" + expectedN + "\r\n", card, StringComparison.Ordinal);
            var back = VCardContactReader.ToContact(VCardReader.ReadAll(card).Single().Card!);
            Assert.Equal((contact.EffectiveName, given, family), (back.DisplayName, back.GivenName, back.FamilyName));
        }
    }

    [Fact]
    public void ExportPiecesHoldWholeCardsCountThemAndJoinToTheWholeFile()
    {
        Contact[] contacts = [.. Enumerable.Range(0, 10).Select(i => Full with { Id = $"{i:x32}", DisplayName = $"Contact {i}" })];

        var pieces = ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.ContactExport.Pieces(contacts, VCardVersion.V40, pieceBytes: 1000).ToList();

        Assert.True(pieces.Count > 2);
        Assert.Equal(VCardWriter.WriteAll(contacts), Encoding.UTF8.GetString([.. pieces.SelectMany(p => p.Bytes)]));
        Assert.Equal(10, pieces[^1].Written);
        Assert.All(pieces, p => Assert.EndsWith("END:VCARD\r\n", Encoding.UTF8.GetString(p.Bytes), StringComparison.Ordinal));
        var empty = Assert.Single(ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.ContactExport.Pieces([], VCardVersion.V40));
        Assert.Equal((0, 0), (empty.Bytes.Length, empty.Written));
    }

    [Fact]
    public void LongLinesFoldAt75OctetsWithoutSplittingAUtf8Sequence()
    {
        var text = VCardWriter.WriteAll([Full]);

        var lines = text.Split("\r\n");
        Assert.Contains(lines, l => l.StartsWith(' '));
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        // Every physical line is valid text on its own: no half of a multi-byte character or surrogate pair.
        Assert.All(lines, l => Assert.Equal(l, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(l))));
        Assert.DoesNotContain(lines, l => l.Length > 0 && (char.IsHighSurrogate(l[^1]) || char.IsLowSurrogate(l.TrimStart(' ')[0])));
    }

    [Fact]
    public void FoldKeepsALineOfExactly75OctetsWholeAndSplitsOneOf76()
    {
        Assert.Single(VCardWriter.Fold(new string('a', 75)));
        Assert.Equal([new string('a', 75), " a"], VCardWriter.Fold(new string('a', 76)));
        // 74 ASCII + a 2-octet é would be 76: the é moves whole to the next line.
        Assert.Equal([new string('a', 74), " é"], VCardWriter.Fold(new string('a', 74) + "é"));
    }

    [Fact]
    public void CustomLabelsAreWrittenAsAppleGroupsAndKnownOnesAsTypes()
    {
        var text = VCardWriter.WriteAll([Full]);

        Assert.Contains("\r\nEMAIL;TYPE=work;PREF=1:mj@hospital.example\r\n", text, StringComparison.Ordinal);
        // 4.0 leaves a semicolon outside N, ADR and ORG bare (RFC 6350 section 3.4), as ical.js needs.
        Assert.Contains("\r\nitem1.EMAIL:mj; books@example.org\r\nitem1.X-ABLabel:Club de lectura\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nBDAY:--0229\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nCATEGORIES:Cardiología,VIP\\, a\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nREV:20261125T233000Z\r\n", text, StringComparison.Ordinal);
        Assert.StartsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("END:VCARD\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Version3WritesDashedDatesAndTheAppleYearLessBirthday()
    {
        var text = VCardWriter.WriteAll([Full, Full with { Birthday = new Birthday(1970, 1, 2) }], VCardVersion.V30);

        Assert.Contains("\r\nBDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nBDAY:1970-01-02\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nEMAIL;TYPE=work;TYPE=pref:mj@hospital.example\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\r\nREV:2026-11-25T23:30:00Z\r\n", text, StringComparison.Ordinal);
    }

    /// <summary>xunit cannot pass an internal enum through InlineData of a public test method.</summary>
    public enum VCardVersionCase
    {
        V30,
        V40,
    }
}
