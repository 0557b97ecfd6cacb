using P2PClinic.Crdt.Internal;

namespace P2PClinic.Crdt;

/// <summary>
/// A shared map from string keys to values. Concurrent sets of one key resolve the same way on
/// every peer (the insert that YATA orders last wins).
/// </summary>
public sealed class YMap : YType
{
    internal const byte RefNumber = 1;

    private Dictionary<string, object?>? prelim = new(StringComparer.Ordinal);

    /// <summary>Creates a prelim map: fill it, then set it as a value in a document.</summary>
    public YMap()
    {
    }

    /// <inheritdoc />
    public override YTypeKind Kind => YTypeKind.Map;

    internal override byte TypeRef => RefNumber;

    internal override bool UsesSearchMarker => false;

    /// <summary>Number of keys with a value.</summary>
    public int Count
    {
        get
        {
            if (prelim is not null)
            {
                return prelim.Count;
            }

            var count = 0;
            foreach (var item in MapEntries.Values)
            {
                if (!item.Deleted)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>The keys with a value.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            if (prelim is not null)
            {
                return prelim.Keys.ToArray();
            }

            var keys = new List<string>(MapEntries.Count);
            foreach (var (key, item) in MapEntries)
            {
                if (!item.Deleted)
                {
                    keys.Add(key);
                }
            }

            return keys;
        }
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (see the doc for accepted values).</summary>
    public void Set(string key, object? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var normalized = NormalizeValue(value);
        if (prelim is not null)
        {
            prelim[key] = normalized;
            return;
        }

        RequireDoc().TransactCore(static (t, set) => set.Map.SetInTransaction(t, set.Key, set.Value), (Map: this, Key: key, Value: normalized), null, isLocal: true);
    }

    internal void SetInTransaction(Transaction transaction, string key, object? value)
    {
        MapEntries.TryGetValue(key, out var left);
        var doc = transaction.Doc;
        var client = doc.ClientId;
        new Item(new Id(client, doc.Store.GetState(client)), left, left?.LastId, null, null, this, key, ContentFor(value))
            .Integrate(transaction, 0);
    }

    /// <summary>The value of <paramref name="key"/>, or null when it has none.</summary>
    public object? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (prelim is not null)
        {
            return prelim.GetValueOrDefault(key);
        }

        return MapValue(key);
    }

    /// <summary>Whether <paramref name="key"/> has a value.</summary>
    public bool ContainsKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (prelim is not null)
        {
            return prelim.ContainsKey(key);
        }

        return MapEntries.TryGetValue(key, out var item) && !item.Deleted;
    }

    /// <summary>Removes the value of <paramref name="key"/>; nothing happens when it has none.</summary>
    public void Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (prelim is not null)
        {
            prelim.Remove(key);
            return;
        }

        RequireDoc().Transact(t =>
        {
            if (MapEntries.TryGetValue(key, out var item))
            {
                item.Delete(t);
            }
        });
    }

    /// <inheritdoc />
    public override object? ToJson()
    {
        if (prelim is not null)
        {
            var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var (k, v) in prelim)
            {
                result[k] = ValueToJson(v);
            }

            return result;
        }

        return MapToJson();
    }

    internal override void IntegrateInto(Doc doc, Item? item)
    {
        base.IntegrateInto(doc, item);
        var pending = prelim;
        prelim = null;
        if (pending is { Count: > 0 })
        {
            doc.Transact(t =>
            {
                foreach (var (key, value) in pending)
                {
                    SetInTransaction(t, key, value);
                }
            });
        }
    }
}
