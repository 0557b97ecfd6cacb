using System.Collections;
using System.Globalization;
using System.Text;

namespace P2PClinic.Tools.YDoc.Internal;

/// <summary>
/// Writes the plain values <c>YType.ToJson</c> returns as canonical JSON: object keys sorted by
/// UTF-16 code units (as JavaScript's default sort, so the output matches the interop scripts),
/// byte arrays as <c>{"bytes":[...]}</c>, integers without a fraction, floats in their shortest
/// round-trip form, text unescaped except where JSON requires it (as JSON.stringify does).
/// </summary>
internal static class CanonicalJsonWriter
{
    public static string Write(object? value)
    {
        var output = new StringBuilder();
        WriteValue(output, value);
        return output.ToString();
    }

    private static void WriteValue(StringBuilder output, object? value)
    {
        switch (value)
        {
            case null:
                output.Append("null");
                break;
            case bool b:
                output.Append(b ? "true" : "false");
                break;
            case string s:
                WriteString(output, s);
                break;
            case byte[] bytes:
                output.Append("{\"bytes\":[").AppendJoin(',', bytes).Append("]}");
                break;
            case long or int or uint or ulong or short or ushort or byte or sbyte:
                output.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double or float:
                WriteFloat(output, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                output.Append('{');
                var first = true;
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    output.Append(first ? string.Empty : ",");
                    first = false;
                    WriteString(output, key);
                    output.Append(':');
                    WriteValue(output, item);
                }

                output.Append('}');
                break;
            case IEnumerable list:
                output.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    output.Append(firstItem ? string.Empty : ",");
                    firstItem = false;
                    WriteValue(output, item);
                }

                output.Append(']');
                break;
            default:
                // A value kind the engine added after this tool was written: show it rather than fail.
                WriteString(output, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                break;
        }
    }

    private static void WriteString(StringBuilder output, string text)
    {
        output.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                default:
                    var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
                    if (pair)
                    {
                        output.Append(c).Append(text[++i]);
                    }
                    else if (c < 0x20 || char.IsSurrogate(c))
                    {
                        // Controls must be escaped; a lone surrogate has no UTF-8 form (ES2019 JSON.stringify).
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    private static void WriteFloat(StringBuilder output, double value)
    {
        if (!double.IsFinite(value))
        {
            // JSON has no such numbers; JavaScript's JSON.stringify writes null for them too.
            output.Append("null");
        }
        else if (Math.Floor(value) == value && Math.Abs(value) < 9007199254740992d)
        {
            output.Append(((long)value).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            output.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
