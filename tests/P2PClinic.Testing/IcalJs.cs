using System.Text;
using System.Text.Json;

namespace P2PClinic.Testing;

/// <summary>
/// Mozilla's ical.js (pinned in tests/vcard-oracle, installed there by test.sh with <c>npm ci</c>) as an oracle that
/// is not ours: it parses vCard or iCalendar text and answers jCard/jCal (RFC 7095, RFC 7265).
/// </summary>
public static class IcalJs
{
    private static string Folder => Path.Combine(TestNode.RepositoryRoot, "tests", "vcard-oracle");

    /// <summary>Parses <paramref name="text"/>; one jCard or jCal component per card or calendar, in order.</summary>
    /// <exception cref="InvalidOperationException">ical.js is not installed, or refused the text (its message is kept).</exception>
    public static async Task<IReadOnlyList<JsonElement>> ParseAsync(string text)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "ical.js")))
        {
            throw new InvalidOperationException($"ical.js is not installed: run `npm ci` in {Folder} (test.sh does)");
        }

        var result = await ProcessRunner.RunAsync("node", [Path.Combine(Folder, "parse.mjs")], Folder, standardInput: text);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ical.js refused the text: {result}");
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return [.. document.RootElement.EnumerateArray().Select(c => c.Clone())];
    }

    /// <summary>Undoes RFC 6350 section 3.4 text escapes, for properties ical.js leaves uninterpreted (X- names).</summary>
    public static string UnescapeText(string value)
    {
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                builder.Append(value[i] is 'n' or 'N' ? '\n' : value[i]);
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>One jCard/jCal property: <c>[name, {params}, type, value...]</c>.</summary>
    public sealed record Property(string Name, string? Group, IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters, string Type, IReadOnlyList<JsonElement> RawValues)
    {
        /// <summary>The single text value.</summary>
        public string Text => Assert(RawValues.Count == 1 && RawValues[0].ValueKind == JsonValueKind.String, "one text value").RawValues[0].GetString()!;

        /// <summary>Every value as text (CATEGORIES, multi-valued properties).</summary>
        public IReadOnlyList<string> Values => [.. RawValues.Select(v => v.GetString()!)];

        /// <summary>The components of a structured value (N, ADR), each as text.</summary>
        public IReadOnlyList<string> Components => Assert(RawValues.Count == 1 && RawValues[0].ValueKind == JsonValueKind.Array, "one structured value")
            .RawValues[0].EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Array ? string.Join(',', c.EnumerateArray().Select(e => e.GetString())) : c.GetString()!).ToList();

        /// <summary>A parameter's values (empty when absent); names are lower case.</summary>
        public IReadOnlyList<string> Parameter(string name) => Parameters.TryGetValue(name, out var values) ? values : [];

        public static Property From(JsonElement property)
        {
            var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            string? group = null;
            foreach (var p in property[1].EnumerateObject())
            {
                if (p.Name == "group")
                {
                    group = p.Value.GetString();
                    continue;
                }

                parameters[p.Name] = p.Value.ValueKind == JsonValueKind.Array ? [.. p.Value.EnumerateArray().Select(v => v.GetString()!)] : [p.Value.ToString()];
            }

            return new Property(property[0].GetString()!, group, parameters, property[2].GetString()!, [.. property.EnumerateArray().Skip(3)]);
        }

        private Property Assert(bool condition, string what)
            => condition ? this : throw new InvalidOperationException($"{Name}: expected {what}, ical.js gave [{string.Join(", ", RawValues)}]");
    }
}
