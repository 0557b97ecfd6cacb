namespace P2PClinic.Sdk.Records;

/// <summary>
/// One entry of a list field (an email with its label, an attendee, an address): named texts. Empty texts are not
/// kept, so an entry written with <c>label = ""</c> equals one written without a label. Two entries are equal when
/// all their texts are.
/// </summary>
public sealed class RecordEntry : IEquatable<RecordEntry>
{
    private readonly KeyValuePair<string, string>[] _fields;

    /// <summary>An entry of the given texts (keys are the names stored in the document: never rename one).</summary>
    /// <param name="fields">Name → text; empty texts are dropped, a name given twice keeps its last text.</param>
    public RecordEntry(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);

        // Entries hold a handful of texts and are built for every list element read: a small list, not a tree.
        var kept = new List<KeyValuePair<string, string>>(4);
        foreach (var (key, value) in fields)
        {
            ArgumentNullException.ThrowIfNull(key);
            for (var i = 0; i < kept.Count; i++)
            {
                if (string.Equals(kept[i].Key, key, StringComparison.Ordinal))
                {
                    kept.RemoveAt(i);
                    break;
                }
            }

            if (!string.IsNullOrEmpty(value))
            {
                kept.Add(new KeyValuePair<string, string>(key, value));
            }
        }

        kept.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        _fields = [.. kept];
    }

    /// <summary>The non-empty texts, ordered by name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields => _fields;

    /// <summary>The text named <paramref name="key"/>, or empty when the entry has none.</summary>
    /// <param name="key">The name.</param>
    public string this[string key]
    {
        get
        {
            foreach (var (k, v) in _fields)
            {
                if (string.Equals(k, key, StringComparison.Ordinal))
                {
                    return v;
                }
            }

            return "";
        }
    }

    /// <summary>An entry of the given name/text pairs.</summary>
    /// <param name="fields">The pairs; empty texts are dropped.</param>
    /// <returns>The entry.</returns>
    public static RecordEntry Of(params (string Key, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <inheritdoc />
    public bool Equals(RecordEntry? other)
    {
        if (other is null || other._fields.Length != _fields.Length)
        {
            return false;
        }

        for (var i = 0; i < _fields.Length; i++)
        {
            if (!string.Equals(_fields[i].Key, other._fields[i].Key, StringComparison.Ordinal)
                || !string.Equals(_fields[i].Value, other._fields[i].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RecordEntry);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var (k, v) in _fields)
        {
            hash.Add(k, StringComparer.Ordinal);
            hash.Add(v, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "{" + string.Join(", ", _fields.Select(f => $"{f.Key}={f.Value}")) + "}";
}
