using System.Text;

namespace P2PClinic.Plugins.Contacts.Internal.VCard;

/// <summary>
/// Parses one unfolded content line: <c>[group "."] name *(";" param) ":" value</c> (RFC 6350 section 3.3).
/// Parameter values may be quoted (and then hold <c>:;,</c>), use RFC 6868 caret escapes, or be vCard 2.1's bare
/// type names (<c>TEL;WORK;VOICE:</c>), which are read as TYPE values.
/// </summary>
internal static class VCardContentLine
{
    public static VCardProperty Parse(string line, int lineNumber)
    {
        if (!line.Contains(':', StringComparison.Ordinal))
        {
            throw new VCardSyntaxException(lineNumber, "no ':' separates the property name from its value");
        }

        var position = 0;
        var nameEnd = ScanName(line, ref position);
        var fullName = line[..nameEnd];
        if (fullName.Length == 0)
        {
            throw new VCardSyntaxException(lineNumber, "a property name is missing");
        }

        var dot = fullName.IndexOf('.', StringComparison.Ordinal);
        var group = dot < 0 ? "" : fullName[..dot];
        var name = dot < 0 ? fullName : fullName[(dot + 1)..];
        if (name.Length == 0 || (dot >= 0 && group.Length == 0) || name.Contains('.', StringComparison.Ordinal))
        {
            throw new VCardSyntaxException(lineNumber, $"'{fullName}' is not a property name");
        }

        var parameters = new List<VCardParameter>();
        while (position < line.Length && line[position] == ';')
        {
            position++;
            parameters.Add(ParseParameter(line, ref position, lineNumber));
        }

        if (position >= line.Length || line[position] != ':')
        {
            throw new VCardSyntaxException(lineNumber, position >= line.Length
                ? "the parameters run to the end of the line without a ':'"
                : $"unexpected '{line[position]}' in the property name or parameters");
        }

        return new VCardProperty(group, name.ToUpperInvariant(), parameters, line[(position + 1)..], lineNumber);
    }

    private static int ScanName(string line, ref int position)
    {
        while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] is '-' or '.' or '_'))
        {
            position++;
        }

        return position;
    }

    private static VCardParameter ParseParameter(string line, ref int position, int lineNumber)
    {
        var start = position;
        while (position < line.Length && (char.IsAsciiLetterOrDigit(line[position]) || line[position] is '-' or '_'))
        {
            position++;
        }

        var name = line[start..position].ToUpperInvariant();
        if (name.Length == 0)
        {
            throw new VCardSyntaxException(lineNumber, "a parameter has no name");
        }

        if (position >= line.Length || line[position] != '=')
        {
            // vCard 2.1 (and Outlook's 3.0): a bare word is a type or an encoding.
            return name switch
            {
                "QUOTED-PRINTABLE" or "BASE64" or "8BIT" or "7BIT" => new VCardParameter("ENCODING", [name]),
                _ => new VCardParameter("TYPE", [name]),
            };
        }

        position++;
        var values = new List<string>();
        while (true)
        {
            values.Add(ParseParameterValue(line, ref position, lineNumber));
            if (position < line.Length && line[position] == ',')
            {
                position++;
                continue;
            }

            return new VCardParameter(name, values);
        }
    }

    private static string ParseParameterValue(string line, ref int position, int lineNumber)
    {
        if (position < line.Length && line[position] == '"')
        {
            var close = line.IndexOf('"', position + 1);
            if (close < 0)
            {
                throw new VCardSyntaxException(lineNumber, "a quoted parameter value is not closed");
            }

            var quoted = line[(position + 1)..close];
            position = close + 1;
            return DecodeCarets(quoted);
        }

        var start = position;
        while (position < line.Length && line[position] is not (';' or ':' or ','))
        {
            if (line[position] == '"')
            {
                throw new VCardSyntaxException(lineNumber, "a '\"' in the middle of a parameter value");
            }

            position++;
        }

        return DecodeCarets(line[start..position]);
    }

    /// <summary>RFC 6868 section 3: <c>^n</c> newline, <c>^^</c> caret, <c>^'</c> double quote; any other caret stays.</summary>
    private static string DecodeCarets(string value)
    {
        if (!value.Contains('^', StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '^' && i + 1 < value.Length && value[i + 1] is 'n' or 'N' or '^' or '\'')
            {
                builder.Append(value[i + 1] switch { 'n' or 'N' => '\n', '^' => '^', _ => '"' });
                i++;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }
}
