using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace P2PClinic.Tools.YDoc.Internal;

/// <summary>
/// Writes the plain values <c>YType.ToJson</c> returns as canonical JSON: object keys sorted by
/// UTF-16 code units (as JavaScript's default sort, so the output matches the interop scripts),
/// byte arrays as <c>{"bytes":[...]}</c>, integers without a fraction, floats in their shortest
/// round-trip form.
/// </summary>
internal static class CanonicalJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Keep non-ASCII text readable; JSON only requires escaping quotes, backslashes and controls.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    public static string Write(object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteValue(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

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
                WriteFloat(writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
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
                // A value kind the engine added after this tool was written: show it rather than fail.
                writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            // JSON has no such numbers; JavaScript's JSON.stringify writes null for them too.
            writer.WriteNullValue();
        }
        else if (Math.Floor(value) == value && Math.Abs(value) < 9007199254740992d)
        {
            writer.WriteRawValue(((long)value).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
