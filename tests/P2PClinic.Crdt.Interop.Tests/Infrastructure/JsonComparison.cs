using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// Compares what the C# engine's ToJson returns with the canonical JSON yjs printed, structurally:
/// numbers by value (yjs cannot tell 2 from 2.0 once decoded), byte arrays against
/// <c>{"bytes":[...]}</c>, and reports the JSON path of every difference.
/// </summary>
internal static class JsonComparison
{
    /// <summary>The differences, as "path: expected X, got Y" lines; empty when equal.</summary>
    public static List<string> Differences(string expectedJson, object? actual)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        var differences = new List<string>();
        Compare(expected.RootElement, actual, "$", differences);
        return differences;
    }

    private static void Compare(JsonElement expected, object? actual, string path, List<string> differences)
    {
        if (differences.Count >= 8)
        {
            return;
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Null:
                Expect(actual is null, path, expected, actual, differences);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                Expect(actual is bool b && b == expected.GetBoolean(), path, expected, actual, differences);
                break;
            case JsonValueKind.String:
                Expect(actual is string s && string.Equals(s, expected.GetString(), StringComparison.Ordinal), path, expected, actual, differences);
                break;
            case JsonValueKind.Number:
                Expect(NumberEquals(expected, actual), path, expected, actual, differences);
                break;
            case JsonValueKind.Array:
                CompareArray(expected, actual, path, differences);
                break;
            case JsonValueKind.Object:
                CompareObject(expected, actual, path, differences);
                break;
            default:
                differences.Add($"{path}: unexpected JSON {expected.ValueKind}");
                break;
        }
    }

    private static void CompareArray(JsonElement expected, object? actual, string path, List<string> differences)
    {
        if (actual is string or byte[] or IDictionary or IEnumerable<KeyValuePair<string, object?>> || actual is not IEnumerable list)
        {
            Expect(false, path, expected, actual, differences);
            return;
        }

        var items = list.Cast<object?>().ToList();
        if (items.Count != expected.GetArrayLength())
        {
            differences.Add($"{path}: expected {expected.GetArrayLength()} items, got {items.Count}: expected {Show(expected)}, got {Show(actual)}");
            return;
        }

        var i = 0;
        foreach (var item in expected.EnumerateArray())
        {
            Compare(item, items[i], $"{path}[{i}]", differences);
            i++;
        }
    }

    private static void CompareObject(JsonElement expected, object? actual, string path, List<string> differences)
    {
        if (actual is byte[] bytes && IsBytesObject(expected))
        {
            var expectedBytes = expected.GetProperty("bytes").EnumerateArray().Select(e => e.GetByte()).ToArray();
            Expect(bytes.AsSpan().SequenceEqual(expectedBytes), path, expected, actual, differences);
            return;
        }

        if (actual is not IEnumerable<KeyValuePair<string, object?>> map)
        {
            Expect(false, path, expected, actual, differences);
            return;
        }

        var actualMap = map.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in expectedKeys.Where(k => !actualMap.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path}: key {JsonSerializer.Serialize(missing)} missing (yjs has {Show(expected.GetProperty(missing))})");
        }

        foreach (var extra in actualMap.Keys.Where(k => !expectedKeys.Contains(k)).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path}: key {JsonSerializer.Serialize(extra)} not in yjs (C# has {Show(actualMap[extra])})");
        }

        foreach (var property in expected.EnumerateObject())
        {
            if (actualMap.TryGetValue(property.Name, out var value))
            {
                Compare(property.Value, value, $"{path}[{JsonSerializer.Serialize(property.Name)}]", differences);
            }
        }
    }

    private static bool IsBytesObject(JsonElement element) =>
        element.TryGetProperty("bytes", out var bytes) && bytes.ValueKind == JsonValueKind.Array && element.EnumerateObject().Count() == 1;

    private static bool NumberEquals(JsonElement expected, object? actual)
    {
        switch (actual)
        {
            case long or int or uint or ulong or short or ushort or byte or sbyte:
                if (expected.TryGetInt64(out var expectedLong))
                {
                    return Convert.ToDecimal(actual, CultureInfo.InvariantCulture) == expectedLong;
                }

                return expected.TryGetDouble(out var asDouble) && Convert.ToDouble(actual, CultureInfo.InvariantCulture) == asDouble;
            case double or float:
                return expected.TryGetDouble(out var expectedDouble) && Convert.ToDouble(actual, CultureInfo.InvariantCulture) == expectedDouble;
            default:
                return false;
        }
    }

    private static void Expect(bool equal, string path, JsonElement expected, object? actual, List<string> differences)
    {
        if (!equal)
        {
            differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
        }
    }

    private static string Show(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length > 200 ? text[..200] + "..." : text;
    }

    /// <summary>A readable rendering of a C# value, with its .NET type where it matters.</summary>
    public static string Show(object? value)
    {
        var text = CanonicalJson.Write(value);
        if (text.Length > 200)
        {
            text = text[..200] + "...";
        }

        return value is null or string or bool or IEnumerable ? text : $"{text} ({value.GetType().Name})";
    }
}
