using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// Canonical JSON of the values ToJson returns (sorted keys by UTF-16 code units, byte arrays as
/// {"bytes":[...]}), for failure messages and for comparing two C# docs with each other.
/// </summary>
internal static class CanonicalJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteValue(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The canonical JSON of the named roots of a doc, each read as its kind.</summary>
    public static string OfRoots(Doc doc, IEnumerable<(string Name, YTypeKind Kind)> roots) => Write(RootValues(doc, roots));

    public static SortedDictionary<string, object?> RootValues(Doc doc, IEnumerable<(string Name, YTypeKind Kind)> roots)
    {
        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, kind) in roots)
        {
            YType type = kind switch
            {
                YTypeKind.Map => doc.GetMap(name),
                YTypeKind.Array => doc.GetArray(name),
                YTypeKind.Text => doc.GetText(name),
                _ => throw new ArgumentOutOfRangeException(nameof(roots), kind, $"root {name} has no readable kind"),
            };
            values[name] = type.ToJson();
        }

        return values;
    }

    public static YTypeKind ParseKind(string kind) => kind switch
    {
        "map" => YTypeKind.Map,
        "array" => YTypeKind.Array,
        "text" => YTypeKind.Text,
        _ => YTypeKind.Unknown,
    };

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case byte[] bytes:
                writer.WriteStartObject();
                writer.WriteStartArray("bytes");
                foreach (var b in bytes)
                {
                    writer.WriteNumberValue(b);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case long or int or uint or ulong or short or ushort or byte or sbyte:
                writer.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case double or float:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(d))
                {
                    writer.WriteRawValue(d.ToString("R", CultureInfo.InvariantCulture));
                }
                else
                {
                    writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStringValue($"<{value.GetType().FullName}: {value}>");
                break;
        }
    }
}
