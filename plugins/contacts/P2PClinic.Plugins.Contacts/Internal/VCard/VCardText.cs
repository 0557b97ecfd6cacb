using System.Text;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Escaping of text values (RFC 6350 section 3.4, RFC 2426 section 4): <c>\\ \, \; \n</c> (and <c>\N</c>);
/// structured values (N, ADR, ORG) separate components with unescaped <c>;</c> and list items with unescaped <c>,</c>.
/// </summary>
internal static class VCardText
{
    /// <summary>Unescapes a text value. An unknown escape (Outlook writes <c>\:</c>) yields the character itself.</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 == value.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = value[++i];
            builder.Append(next is 'n' or 'N' ? '\n' : next);
        }

        return builder.ToString();
    }

    /// <summary>Splits on <paramref name="separator"/> where it is not escaped; the parts stay escaped.</summary>
    public static List<string> SplitEscaped(string value, char separator)
    {
        var parts = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == separator)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }

    /// <summary>The unescaped components of a structured value (<c>;</c>-separated), list items inside a component joined by a space.</summary>
    public static List<string> Components(string value) =>
        [.. SplitEscaped(value, ';').Select(c => string.Join(' ', SplitEscaped(c, ',').Select(Unescape).Where(s => s.Length > 0)))];

    /// <summary>The unescaped items of a list value (<c>,</c>-separated, e.g. CATEGORIES).</summary>
    public static List<string> ListItems(string value) =>
        [.. SplitEscaped(value, ',').Select(Unescape)];

    /// <summary>
    /// Escapes text for a value or a structured component: backslash, comma, newlines, and semicolon unless
    /// <paramref name="semicolon"/> is false (RFC 6350 section 3.4: a semicolon outside a compound property MAY be
    /// escaped, and readers such as ical.js then keep the backslash).
    /// </summary>
    public static string Escape(string text, bool semicolon = true)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case ',':
                    builder.Append("\\,");
                    break;
                case ';' when semicolon:
                    builder.Append("\\;");
                    break;
                case '\r':
                    builder.Append("\\n");
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
