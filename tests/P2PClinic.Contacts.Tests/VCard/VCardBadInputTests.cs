extern alias ContactsPlugin;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.VCard;

namespace P2PClinic.Contacts.Tests.VCard;

public sealed class VCardBadInputTests
{
    private const string Good1 = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:First\r\nEND:VCARD\r\n";
    private const string Good3 = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Third\r\nEND:VCARD\r\n";

    [Fact]
    public void ALineWithoutAColonRefusesItsCardNamingTheLineAndTheNextCardIsStillRead()
    {
        var text = Good1 + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Second\r\nEMAIL this is not a property\r\nEND:VCARD\r\n" + Good3;

        var results = VCardReader.ReadAll(text);

        Assert.Equal(3, results.Count);
        Assert.NotNull(results[0].Card);
        Assert.Null(results[1].Card);
        Assert.Equal("line 8: no ':' separates the property name from its value", results[1].Error);
        Assert.Equal("Third", VCardContactReader.ToContact(results[2].Card!).DisplayName);
    }

    [Fact]
    public void ACardWithoutENDBeforeTheNextBEGINIsRefusedAndTheNextCardIsRead()
    {
        var text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n" + Good3;

        var results = VCardReader.ReadAll(text);

        Assert.Equal(2, results.Count);
        Assert.Equal("line 1: the card has no END:VCARD before the next BEGIN:VCARD on line 4", results[0].Error);
        Assert.Equal("Third", VCardContactReader.ToContact(results[1].Card!).DisplayName);
    }

    [Fact]
    public void ACardCutOffByTheEndOfTheFileIsRefused()
    {
        var results = VCardReader.ReadAll(Good1 + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut off\r\n");

        Assert.Equal(2, results.Count);
        Assert.NotNull(results[0].Card);
        Assert.Equal("line 5: the card has no END:VCARD before the end of the file", results[1].Error);
    }

    [Fact]
    public void TextOutsideCardsIsReportedOncePerRunWithItsFirstLine()
    {
        var results = VCardReader.ReadAll("garbage\r\nmore garbage\r\n" + Good1 + "trailing\r\n");

        Assert.Equal(3, results.Count);
        Assert.Equal("line 1: text outside BEGIN:VCARD ... END:VCARD", results[0].Error);
        Assert.NotNull(results[1].Card);
        Assert.Equal("line 7: text outside BEGIN:VCARD ... END:VCARD", results[2].Error);
    }

    [Theory]
    [InlineData("EMAIL;TYPE=\"work:me@example.org", "line 3: a quoted parameter value is not closed")]
    [InlineData(";TYPE=work:me@example.org", "line 3: a property name is missing")]
    [InlineData(".EMAIL:me@example.org", "line 3: '.EMAIL' is not a property name")]
    [InlineData("EMAIL;=work:me@example.org", "line 3: a parameter has no name")]
    [InlineData("NOTE;ENCODING=QUOTED-PRINTABLE:caf=E", "line 3: bad quoted-printable sequence '=E'")]
    [InlineData("NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=klingon:x", "line 3: unknown CHARSET 'klingon'")]
    public void MalformedLinesNameTheirLineAndProblem(string line, string expected)
    {
        var result = Assert.Single(VCardReader.ReadAll($"BEGIN:VCARD\r\nVERSION:3.0\r\n{line}\r\nEND:VCARD\r\n"));

        Assert.Null(result.Card);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void AnUnsupportedVersionRefusesTheCard()
    {
        var result = Assert.Single(VCardReader.ReadAll("BEGIN:VCARD\r\nVERSION:5.0\r\nFN:X\r\nEND:VCARD\r\n"));

        Assert.Equal("line 2: unsupported VERSION '5.0' (2.1, 3.0 and 4.0 are read)", result.Error);
    }

    [Theory]
    [InlineData("BDAY:1980-13-01")]
    [InlineData("BDAY:19810229")]
    [InlineData("BDAY:yesterday")]
    [InlineData("BDAY:1980")]
    public void ABirthdayThatIsNotADateIsReportedWithItsLine(string line)
    {
        var result = Assert.Single(VCardReader.ReadAll($"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\n{line}\r\nEND:VCARD\r\n"));

        var error = Assert.Throws<VCardSyntaxException>(() => VCardContactReader.ToContact(result.Card!));
        Assert.Equal(4, error.Line);
        Assert.StartsWith("line 4: BDAY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATextBirthdayIsSkippedNotRefused()
    {
        var result = Assert.Single(VCardReader.ReadAll("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:X\r\nBDAY;VALUE=text:circa 1800\r\nEND:VCARD\r\n"));

        Assert.Null(VCardContactReader.ToContact(result.Card!).Birthday);
    }

    [Fact]
    public void EmptyInputYieldsNothing()
    {
        Assert.Empty(VCardReader.ReadAll(""));
        Assert.Empty(VCardReader.ReadAll("\r\n\r\n  \r\n"));
    }
}
