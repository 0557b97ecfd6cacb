extern alias ContactsPlugin;
using System.Text;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.VCard;

namespace P2PClinic.Contacts.Tests.VCard;

public sealed class VCardReaderTests
{
    private static Contact Single(string text)
    {
        var results = VCardReader.ReadAll(text);
        var result = Assert.Single(results);
        Assert.Null(result.Error);
        return VCardContactReader.ToContact(result.Card!);
    }

    [Fact]
    public void AppleCardReadsGroupedLabelsPreferenceAndYearLessBirthday()
    {
        var contact = Single(VCardSamples.Apple);

        Assert.Equal("Dr. Jürgen Müller", contact.DisplayName);
        Assert.Equal("Jürgen", contact.GivenName);
        Assert.Equal("Müller", contact.FamilyName);
        Assert.Equal("Praxis am See", contact.Organization);
        Assert.Equal("Hausarzt", contact.Title);
        Assert.Equal([new LabeledValue("work", "j.mueller@praxis-am-see.de"), new LabeledValue("Segeln", "juergen@example.org")], contact.Emails);
        Assert.Equal([new LabeledValue("cell", "+49 171 1234567"), new LabeledValue("mobile", "+49 30 9876543")], contact.Phones);
        var address = Assert.Single(contact.Addresses);
        Assert.Equal(("home", "Seestraße 5", "Berlin", "10115", "Deutschland"), (address.Label, address.Street, address.Locality, address.PostalCode, address.Country));
        Assert.Equal(new Birthday(null, 3, 21), contact.Birthday);
        Assert.Equal("Bevorzugt Termine vormittags, nie montags.\nRückruf erwünscht.", contact.Note);
        Assert.Equal(["Ärzte", "Berlin"], contact.Tags);
        Assert.Equal("8D5C4A4E-1E3F-4C1B-9A5B-2F6E3C7D8A91", contact.Uid);
    }

    [Fact]
    public void GoogleCardWithLFLineEndsUnfoldsTheLongNote()
    {
        var contact = Single(VCardSamples.Google);

        Assert.Equal("Ana Lucía Núñez", contact.DisplayName);
        Assert.Equal([new LabeledValue("home", "ana.nunez@gmail.com"), new LabeledValue("work", "anunez@clinica.example")], contact.Emails);
        Assert.Equal(new Birthday(1985, 11, 2), contact.Birthday);
        // The fold is "LF + one space": the second space is content.
        Assert.Equal("Conocida en el congreso de Valencia 2023. Prefiere WhatsApp para mensajes cortos y correo para documentos.", contact.Note);
        Assert.Equal(["myContacts", "Colegas"], contact.Tags);
        Assert.Equal("España", contact.Addresses[0].Country);
    }

    [Fact]
    public void Android21CardDecodesQuotedPrintableWithSoftBreaksAndSkipsThePhoto()
    {
        var contact = Single(VCardSamples.Android);

        Assert.Equal("Ayşe Öztürk", contact.DisplayName);
        Assert.Equal(("Ayşe", "Öztürk"), (contact.GivenName, contact.FamilyName));
        Assert.Equal([new LabeledValue("cell", "+905321112233"), new LabeledValue("home", "0212 555 44 33")], contact.Phones);
        Assert.Equal("İlk satır\nİkinci satır, devam ediyor", contact.Note);
    }

    [Fact]
    public void OutlookCardDecodesWindows1252AndBareTypeWords()
    {
        var contact = Single(VCardSamples.Outlook);

        Assert.Equal("Siobhán O'Brien", contact.DisplayName);
        Assert.Equal("Contoso Health", contact.Organization);
        Assert.Equal([new LabeledValue("work", "+1 (425) 555-0100"), new LabeledValue("work,fax", "+1 (425) 555-0101")], contact.Phones);
        Assert.Equal([new LabeledValue("", "siobhan@contoso.example")], contact.Emails);
        Assert.Equal("work", contact.Addresses[0].Label);
    }

    [Fact]
    public void Version4CardReadsTelUrisQuotedTypeListsAndMonthDayBirthday()
    {
        var contact = Single(VCardSamples.Rfc6350);

        Assert.Equal(new Birthday(null, 2, 3), contact.Birthday);
        Assert.Equal([new LabeledValue("work", "+1-418-656-9254;ext=102"), new LabeledValue("work,cell,video,text", "+1-418-262-6501")], contact.Phones);
        Assert.Equal("Suite D2-630", contact.Addresses[0].Extended);
    }

    [Fact]
    public void SeveralCardsInOneFileAreReadInOrderWithTheirNumbersAndLines()
    {
        var text = VCardSamples.Apple + VCardSamples.Google + VCardSamples.Rfc6350;

        var results = VCardReader.ReadAll(text);

        Assert.Equal([1, 2, 3], results.Select(r => r.Number));
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(1, results[0].Line);
        Assert.Equal(VCardSamples.Apple.Split("\r\n").Length, results[1].Line);
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsIgnored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(VCardSamples.Google)).ToArray();
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);

        var result = Assert.Single(new VCardReader(reader).Read());

        Assert.Null(result.Error);
        Assert.Equal("Ana Lucía Núñez", VCardContactReader.ToContact(result.Card!).DisplayName);
    }

    [Theory]
    [InlineData("BDAY:19800517", 1980, 5, 17)]
    [InlineData("BDAY:1980-05-17", 1980, 5, 17)]
    [InlineData("BDAY:1980-05-17T00:00:00Z", 1980, 5, 17)]
    [InlineData("BDAY:--0517", null, 5, 17)]
    [InlineData("BDAY:--05-17", null, 5, 17)]
    [InlineData("BDAY:--0229", null, 2, 29)]
    public void BirthdayFormsOf30And40AreUnderstood(string line, int? year, int month, int day)
    {
        var contact = Single($"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\n{line}\r\nEND:VCARD\r\n");

        Assert.Equal(new Birthday(year, month, day), contact.Birthday);
    }

    [Fact]
    public void EscapesInTextAndStructuredValuesAreDecoded()
    {
        var contact = Single("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:A\\, B\\; C\\\\D\r\nORG:Smith\\; Sons\\, Ltd;Accounts\r\nNOTE:one\\Ntwo\\nthree\r\nEND:VCARD\r\n");

        Assert.Equal("A, B; C\\D", contact.DisplayName);
        Assert.Equal("Smith; Sons, Ltd", contact.Organization);
        Assert.Equal("one\ntwo\nthree", contact.Note);
    }

    [Fact]
    public void ParametersRepeatedQuotedAndCaretEscapedAreRead()
    {
        var property = VCardContentLine.Parse("item7.EMAIL;TYPE=WORK;TYPE=VOICE;X-NOTE=\"a:b;c,d\";X-Q=say ^'hi^'^n:me@example.org", 4);

        Assert.Equal("item7", property.Group);
        Assert.Equal("EMAIL", property.Name);
        Assert.Equal(["work", "voice"], property.Types);
        Assert.Equal(["a:b;c,d"], property.ParameterValues("X-NOTE"));
        Assert.Equal(["say \"hi\"\n"], property.ParameterValues("X-Q"));
        Assert.Equal("me@example.org", property.Value);
        Assert.Equal(4, property.Line);
    }
}
