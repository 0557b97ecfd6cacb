extern alias ContactsPlugin;
using System.Text;
using ContactsPlugin::P2PClinic.Plugins.Text;

namespace P2PClinic.Contacts.Tests.VCard;

/// <summary>Decoding an imported file's bytes: UTF-8, and lines that are not read as Windows-1252, never with U+FFFD.</summary>
public sealed class ImportTextTests
{
    [Fact]
    public void ValidUTF8WithAByteOrderMarkIsReadAsIsWithNoLineReadOtherwise()
    {
        var text = ImportText.Decode([0xEF, 0xBB, 0xBF, .. "FN:J\u00fcrgen\r\n"u8]);

        Assert.Equal("FN:J\u00fcrgen\r\n", text.Text);
        Assert.Empty(text.Windows1252Lines);
    }

    [Fact]
    public void ALineOfLatin1BytesIsReadAsWindows1252AndNamedWhileUTF8LinesStayUTF8()
    {
        // "Jürgen Müller" in Latin-1 (0xFC), "Ana Núñez" in UTF-8, then Windows-1252's euro sign and curly quotes.
        byte[] bytes = [.. "BEGIN:VCARD\r\n"u8, .. "FN:J"u8, 0xFC, .. "rgen M"u8, 0xFC, .. "ller\r\n"u8, .. "NOTE:Ana N\u00fa\u00f1ez\n"u8, .. "NOTE:"u8, 0x80, 0x20, 0x93, 0x78, 0x94, .. "\rEND:VCARD"u8];

        var text = ImportText.Decode(bytes);

        Assert.Equal("BEGIN:VCARD\r\nFN:J\u00fcrgen M\u00fcller\r\nNOTE:Ana N\u00fa\u00f1ez\nNOTE:\u20ac \u201cx\u201d\rEND:VCARD", text.Text);
        Assert.Equal([2, 4], text.Windows1252Lines.Select(l => l.Number));
        Assert.DoesNotContain('\uFFFD', text.Text);
    }

    [Fact]
    public void TheFiveBytesWindows1252LeavesUndefinedKeepTheirLatin1CodePoints()
    {
        Assert.Equal("\u0081\u008D\u008F\u0090\u009D\u00FF", ImportText.Windows1252([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF]));
    }

    [Fact]
    public void AFileWithAUTF16ByteOrderMarkIsReadAsUTF16()
    {
        var text = ImportText.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("FN:J\u00fcrgen\r\n")]);

        Assert.Equal("FN:J\u00fcrgen\r\n", text.Text);
        Assert.Empty(text.Windows1252Lines);
    }

    [Fact]
    public void TheWarningNamesTheFirstLineShowsItDecodedAndListsTheOthers()
    {
        Assert.Equal(
            "line 3: not valid UTF-8, read as Windows-1252 (Latin-1) (also lines 5, 9): 'FN:J\u00fcrgen'",
            ImportText.Warning([new(3, "FN:J\u00fcrgen"), new(5, "x"), new(9, "y")]));
    }
}
