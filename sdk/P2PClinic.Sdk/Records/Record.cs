namespace P2PClinic.Sdk.Records;

/// <summary>
/// One record as read from the org's document: plain values copied out, safe to keep after the read. Reading is
/// lenient by design: a peer (another version, another client) may have written a field with a type this version
/// does not expect; such a field reads as empty rather than failing.
/// </summary>
public sealed class Record
{
    private readonly IReadOnlyDictionary<string, object?> _fields;

    internal Record(string id, IReadOnlyDictionary<string, object?> fields)
    {
        Id = id;
        _fields = fields;
    }

    /// <summary>The record's id: its key in the collection's root map.</summary>
    public string Id { get; }

    /// <summary>The keys the record holds a value under.</summary>
    public IEnumerable<string> Keys => _fields.Keys;

    /// <summary>When the record was created (<see cref="RecordCollection.CreatedAtKey"/>), or default when unreadable.</summary>
    public DateTimeOffset CreatedAt => RecordTime.TryParse(Value(RecordCollection.CreatedAtKey), out var t) ? t : default;

    /// <summary>When the record last changed (<see cref="RecordCollection.UpdatedAtKey"/>), or default when unreadable.</summary>
    public DateTimeOffset UpdatedAt => RecordTime.TryParse(Value(RecordCollection.UpdatedAtKey), out var t) ? t : default;

    /// <summary>The plain value under <paramref name="key"/> (text, number, bool; nested fields as lists and dictionaries), or null.</summary>
    /// <param name="key">The field's key.</param>
    /// <returns>The value.</returns>
    public object? Value(string key) => _fields.GetValueOrDefault(key);

    /// <summary>The text under <paramref name="key"/>, or empty when there is none (or it is not text).</summary>
    /// <param name="key">The field's key.</param>
    /// <returns>The text.</returns>
    public string Text(string key) => _fields.GetValueOrDefault(key) as string ?? "";

    /// <summary>Whether <paramref name="key"/> holds <c>true</c>.</summary>
    /// <param name="key">The field's key.</param>
    /// <returns>The flag.</returns>
    public bool Flag(string key) => _fields.GetValueOrDefault(key) is true;

    /// <summary>
    /// The entries of a list field in document order. Entries that are exactly equal (two peers added the same
    /// email at once) read once; entries that are not maps are skipped.
    /// </summary>
    /// <param name="field">The field.</param>
    /// <returns>The entries.</returns>
    public IReadOnlyList<RecordEntry> List(RecordListField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (_fields.GetValueOrDefault(field.Key) is not IReadOnlyList<object?> values)
        {
            return [];
        }

        if (values.Count == 0)
        {
            return [];
        }

        var entries = new List<RecordEntry>(values.Count);
        foreach (var value in values)
        {
            if (ToEntry(value) is { } entry && !entries.Contains(entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>The texts of a set field in document order, each once; values that are not text are skipped.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The texts.</returns>
    public IReadOnlyList<string> Set(RecordSetField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (_fields.GetValueOrDefault(field.Key) is not IReadOnlyList<object?> values)
        {
            return [];
        }

        if (values.Count == 0)
        {
            return [];
        }

        var texts = new List<string>(values.Count);
        HashSet<string>? seen = values.Count > 8 ? new(StringComparer.Ordinal) : null;
        foreach (var value in values)
        {
            // Most sets hold a few texts: a scan is cheaper than a hash set built for every record read.
            if (value is string text && (seen?.Add(text) ?? !texts.Contains(text, StringComparer.Ordinal)))
            {
                texts.Add(text);
            }
        }

        return texts;
    }

    /// <summary>The key → text pairs of a keyed map field; values that are not text are skipped.</summary>
    /// <param name="field">The field.</param>
    /// <returns>The pairs.</returns>
    public IReadOnlyDictionary<string, string> Map(RecordMapField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_fields.GetValueOrDefault(field.Key) is IReadOnlyDictionary<string, object?> values)
        {
            foreach (var (key, value) in values)
            {
                if (value is string text)
                {
                    map[key] = text;
                }
            }
        }

        return map;
    }

    /// <summary>An entry from a stored map's plain value (its text fields), or null when it is not a map.</summary>
    internal static RecordEntry? ToEntry(object? value) =>
        value is IReadOnlyDictionary<string, object?> map
            ? new RecordEntry(map.Where(f => f.Value is string).Select(f => new KeyValuePair<string, string>(f.Key, (string)f.Value!)))
            : null;
}
