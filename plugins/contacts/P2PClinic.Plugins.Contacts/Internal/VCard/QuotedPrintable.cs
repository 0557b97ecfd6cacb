using System.Text;
using System.Text.Unicode;
using P2PClinic.Plugins.Text;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Quoted-printable as vCard 2.1 exports (old Android, Outlook) use it: <c>=XX</c> is a byte, a trailing
/// <c>=</c> is a soft line break (RFC 2045 section 6.7); the bytes are text in the property's CHARSET.
/// </summary>
internal static class QuotedPrintable
{
    static QuotedPrintable()
    {
        // windows-1252 and friends, which Outlook names in CHARSET, are not built into .NET without this provider.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static bool EndsWithSoftBreak(string value) => value.EndsWith('=');

    /// <summary>
    /// Decodes <paramref name="value"/> (soft breaks already joined) into text. Without a CHARSET the bytes are UTF-8;
    /// when they are not, they are read as Windows-1252 (as the file's own bytes are) and
    /// <paramref name="readAsWindows1252"/> says so, never with replacement characters.
    /// </summary>
    /// <exception cref="VCardSyntaxException">A bad <c>=XX</c> sequence or an unknown charset.</exception>
    public static string Decode(string value, string? charset, int lineNumber, out bool readAsWindows1252)
    {
        readAsWindows1252 = false;
        Encoding encoding;
        try
        {
            encoding = charset is null or "" ? Encoding.UTF8 : Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            throw new VCardSyntaxException(lineNumber, $"unknown CHARSET '{charset}'");
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '=')
            {
                // Literal characters outside ASCII should not appear in QP, but lenient writers emit them: keep their UTF-8.
                if (c < 0x80)
                {
                    bytes.Add((byte)c);
                }
                else
                {
                    var length = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]) ? 2 : 1;
                    bytes.AddRange(Encoding.UTF8.GetBytes(value.Substring(i, length)));
                    i += length - 1;
                }

                continue;
            }

            if (i + 2 < value.Length && Uri.IsHexDigit(value[i + 1]) && Uri.IsHexDigit(value[i + 2]))
            {
                bytes.Add((byte)((Uri.FromHex(value[i + 1]) << 4) | Uri.FromHex(value[i + 2])));
                i += 2;
            }
            else
            {
                throw new VCardSyntaxException(lineNumber, $"bad quoted-printable sequence '{value.Substring(i, Math.Min(3, value.Length - i))}'");
            }
        }

        var decoded = bytes.ToArray();
        if (charset is null or "" && !Utf8.IsValid(decoded))
        {
            readAsWindows1252 = true;
            return ImportText.Windows1252(decoded);
        }

        return encoding.GetString(decoded);
    }
}
