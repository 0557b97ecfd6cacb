using System.Globalization;
using System.Text;
using System.Text.Json;

namespace P2PClinic.Crdt.Internal.Encoding;

/// <summary>
/// JSON text as JavaScript's <c>JSON.stringify</c>/<c>JSON.parse</c> write and read it: yjs stores
/// ContentJSON, ContentEmbed and ContentFormat values as JSON strings, so the same value must give
/// the same characters here as in a browser.
/// </summary>
internal static class JsonText
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = AnyTag.MaxDepth };

    public static object? Parse(string text)
    {
        if (text == "undefined")
        {
            return Undefined.Value;
        }

        try
        {
            using var document = JsonDocument.Parse(text, ParseOptions);
            return Convert(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new CrdtFormatException("A JSON value in the update is malformed.", e);
        }
    }

    private static object? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                if (element.TryGetInt64(out var l))
                {
                    return l;
                }

                return element.GetDouble();
            case JsonValueKind.Array:
                {
                    var list = new object?[element.GetArrayLength()];
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        list[i++] = Convert(item);
                    }

                    return list;
                }

            case JsonValueKind.Object:
                {
                    var map = new Dictionary<string, object?>();
                    foreach (var property in element.EnumerateObject())
                    {
                        map[property.Name] = Convert(property.Value);
                    }

                    return map;
                }

            default:
                throw new CrdtFormatException("A JSON value in the update is malformed.");
        }
    }

    /// <summary>JSON.stringify of a value; <c>undefined</c> gives "undefined" as yjs's ContentJSON writes it.</summary>
    public static string Stringify(object? value)
    {
        if (value is Undefined)
        {
            return "undefined";
        }

        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null or Undefined:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case string s:
                WriteString(sb, s);
                break;
            case long or int or short or sbyte or byte or ushort or uint or ulong:
                sb.Append(System.Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double or float or decimal:
                sb.Append(FormatNumber(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)));
                break;
            case byte[] bytes:
                // JSON.stringify(Uint8Array) writes an object of index keys.
                sb.Append('{');
                for (var i = 0; i < bytes.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    sb.Append('"').Append(i.ToString(CultureInfo.InvariantCulture)).Append("\":").Append(bytes[i].ToString(CultureInfo.InvariantCulture));
                }

                sb.Append('}');
                break;
            case IReadOnlyDictionary<string, object?> map:
                {
                    sb.Append('{');
                    var first = true;
                    foreach (var (key, item) in map)
                    {
                        if (item is Undefined)
                        {
                            continue;
                        }

                        if (!first)
                        {
                            sb.Append(',');
                        }

                        first = false;
                        WriteString(sb, key);
                        sb.Append(':');
                        Write(sb, item);
                    }

                    sb.Append('}');
                    break;
                }

            case IReadOnlyList<object?> list:
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    Write(sb, list[i]);
                }

                sb.Append(']');
                break;
            default:
                throw new ArgumentException($"A value of type {value.GetType().Name} cannot be stored as JSON.", nameof(value));
        }
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // Well-formed JSON.stringify (ES2019) escapes lone surrogates.
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Number::toString (ECMA-262 section 6.1.6.1.20): shortest digits, JavaScript's layout.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null";
        }

        if (value == 0)
        {
            return "0";
        }

        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        if (negative)
        {
            shortest = shortest[1..];
        }

        // Split .NET's shortest form into digits and a decimal exponent n (value = 0.digits * 10^n).
        var exponent = 0;
        var ePos = shortest.IndexOf('E', StringComparison.Ordinal);
        var mantissa = shortest;
        if (ePos >= 0)
        {
            exponent = int.Parse(shortest.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            mantissa = shortest[..ePos];
        }

        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? mantissa[..dot] : mantissa;
        var fracPart = dot >= 0 ? mantissa[(dot + 1)..] : string.Empty;
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        var n = intPart.Length + exponent - leadingZeros;
        digits = digits.TrimEnd('0');
        var k = digits.Length;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }

        if (k <= n && n <= 21)
        {
            sb.Append(digits).Append('0', n - k);
        }
        else if (n > 0 && n <= 21)
        {
            sb.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (n > -6 && n <= 0)
        {
            sb.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            sb.Append(digits[0]);
            if (k > 1)
            {
                sb.Append('.').Append(digits, 1, k - 1);
            }

            sb.Append('e').Append(e >= 0 ? "+" : "-").Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }
}
