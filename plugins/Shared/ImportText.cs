using System.Text;
using System.Text.Unicode;

namespace P2PClinic.Plugins.Text;

/// <summary>
/// The text of an imported file (.vcf, .ics) from its bytes. UTF-8 is the rule (RFC 6350 section 3.1, RFC 5545
/// section 3.1.4), but address books and calendars saved by older tools arrive in Latin-1 or Windows-1252. A line that
/// is not valid UTF-8 is therefore read as Windows-1252 (a superset of Latin-1's printable characters, as browsers read
/// "ISO-8859-1"), and its number is kept so the import can say so; it is never read with replacement characters.
/// Line ends (CRLF, LF, CR) are kept as they are, so line numbers stay those of the file. A file with a UTF-16 or
/// UTF-32 byte order mark is read in that encoding.
/// </summary>
/// <remarks>Linked as source into each plugin that imports files (plugins/Shared), not part of the SDK's surface.</remarks>
/// <param name="Text">The decoded text, without a byte order mark.</param>
/// <param name="Windows1252Lines">The lines read as Windows-1252, in order.</param>
internal sealed record ImportText(string Text, IReadOnlyList<ImportText.Line> Windows1252Lines)
{
    /// <summary>A line of the file: its 1-based number and its decoded text.</summary>
    internal readonly record struct Line(int Number, string Text);

    /// <summary>Windows-1252's characters for the bytes 0x80 to 0x9F; the five it leaves undefined keep their C1 code points, as Latin-1 has them.</summary>
    private static readonly char[] High =
    [
        '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021', '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
        '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014', '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
    ];

    /// <summary>Decodes a file as the type describes.</summary>
    public static ImportText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            using var reader = new StreamReader(new MemoryStream(bytes.ToArray(), writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return new ImportText(reader.ReadToEnd(), []);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (Utf8.IsValid(bytes))
        {
            return new ImportText(Encoding.UTF8.GetString(bytes), []);
        }

        var text = new StringBuilder(bytes.Length);
        var fallbackLines = new List<Line>();
        var number = 0;
        while (true)
        {
            number++;
            var end = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            var line = end < 0 ? bytes : bytes[..end];
            if (Utf8.IsValid(line))
            {
                text.Append(Encoding.UTF8.GetString(line));
            }
            else
            {
                var decoded = Windows1252(line);
                text.Append(decoded);
                fallbackLines.Add(new Line(number, decoded));
            }

            if (end < 0)
            {
                break;
            }

            var breakLength = bytes[end] == '\r' && end + 1 < bytes.Length && bytes[end + 1] == '\n' ? 2 : 1;
            text.Append(breakLength == 2 ? "\r\n" : bytes[end] == '\r' ? "\r" : "\n");
            bytes = bytes[(end + breakLength)..];
        }

        return new ImportText(text.ToString(), fallbackLines);
    }

    /// <summary>Bytes read as Windows-1252.</summary>
    public static string Windows1252(ReadOnlySpan<byte> bytes) =>
        string.Create(bytes.Length, bytes.ToArray(), static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var b = source[i];
                chars[i] = b is >= 0x80 and <= 0x9F ? High[b - 0x80] : (char)b;
            }
        });

    /// <summary>The warning an import gives for lines read as Windows-1252: the first line's number, the others listed.</summary>
    /// <param name="lines">The lines concerned, in order (at least one); the first is shown as it was read.</param>
    public static string Warning(IReadOnlyList<Line> lines)
    {
        var others = lines.Count > 1 ? $" (also line{(lines.Count > 2 ? "s" : "")} {string.Join(", ", lines.Skip(1).Select(l => l.Number))})" : "";
        var first = lines[0].Text.Trim();
        var shown = first.Length <= 60 ? first : first[..57] + "...";
        return $"line {lines[0].Number}: not valid UTF-8, read as Windows-1252 (Latin-1){others}: '{shown}'";
    }
}
