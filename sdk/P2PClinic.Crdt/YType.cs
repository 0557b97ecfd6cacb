using P2PClinic.Crdt.Internal;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt;

/// <summary>What kind of shared type a root or nested type is.</summary>
public enum YTypeKind
{
    /// <summary>Not known: a root that only updates have touched, and whose content does not tell.</summary>
    Unknown,

    /// <summary>A <see cref="YMap"/>.</summary>
    Map,

    /// <summary>A <see cref="YArray"/>.</summary>
    Array,

    /// <summary>A <see cref="YText"/>.</summary>
    Text,

    /// <summary>A Y.XmlElement (decoded and kept, not editable here).</summary>
    XmlElement,

    /// <summary>A Y.XmlFragment (decoded and kept, not editable here).</summary>
    XmlFragment,

    /// <summary>A Y.XmlText (decoded and kept, not editable here).</summary>
    XmlText,
}

/// <summary>
/// A shared type: a root of a <see cref="Crdt.Doc"/> or a value nested in another type. Holds a
/// sequence of items (array elements, text) and/or a map of keys to their latest item.
/// </summary>
public abstract class YType
{
    private List<Action<YEvent>>? observers;
    private List<Action<IReadOnlyList<YEvent>>>? deepObservers;
    private List<SearchMarker>? markers;
    private long markerClock;

    private static int nextIdentity;

    internal YType()
    {
        // A cheap, stable hash for the per-transaction dictionaries keyed by type (object
        // hash codes are comparatively slow to assign).
        Identity = Interlocked.Increment(ref nextIdentity);
    }

    internal int Identity { get; }

    /// <summary>The document this type belongs to, or null while it is a prelim value not yet inserted.</summary>
    public Doc? Doc { get; private set; }

    /// <summary>What kind of type this is.</summary>
    public abstract YTypeKind Kind { get; }

    internal Item? Item { get; private set; }

    internal Item? Start { get; set; }

    // The default string comparer is ordinal and uses faster non-randomized hashing until it sees collisions.
    internal Dictionary<string, Item> MapEntries { get; } = [];

    /// <summary>The entries a map makes room for with its first (Dictionary rounds 8 up to the prime 11).</summary>
    internal const int FirstMapCapacity = 8;

    /// <summary>Number of countable, undeleted units in the sequence part.</summary>
    internal int ContentLength { get; set; }

    /// <summary>The root name, for a root type.</summary>
    internal string? RootName { get; set; }

    internal abstract byte TypeRef { get; }

    internal bool HasDeepObservers => deepObservers is { Count: > 0 };

    /// <summary>Calls <paramref name="handler"/> after every transaction that changed this type.</summary>
    public void Observe(Action<YEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        (observers ??= []).Add(handler);
    }

    /// <summary>Stops calling a handler given to <see cref="Observe"/>.</summary>
    public void Unobserve(Action<YEvent> handler) => observers?.Remove(handler);

    /// <summary>Calls <paramref name="handler"/> with the events of this type and every type nested in it, once per transaction.</summary>
    public void ObserveDeep(Action<IReadOnlyList<YEvent>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        (deepObservers ??= []).Add(handler);
    }

    /// <summary>Stops calling a handler given to <see cref="ObserveDeep"/>.</summary>
    public void UnobserveDeep(Action<IReadOnlyList<YEvent>> handler) => deepObservers?.Remove(handler);

    /// <summary>The content as plain .NET values (see the CRDT docs for the mapping).</summary>
    public abstract object? ToJson();

    internal virtual void WriteTypeRef(UpdateWriter writer) => writer.WriteTypeRef(TypeRef);

    /// <summary>Binds the type to a document; a prelim type then inserts the content it was given.</summary>
    internal virtual void IntegrateInto(Doc doc, Item? item)
    {
        Doc = doc;
        Item = item;
    }

    internal void CallObservers(Transaction transaction, HashSet<string?> subs)
    {
        if (!transaction.IsLocal)
        {
            ClearSearchMarker();
        }

        var hasObservers = observers is { Count: > 0 };
        var deepListening = false;
        for (var type = this; type is not null; type = type.Item?.Parent)
        {
            if (type.HasDeepObservers)
            {
                deepListening = true;
                break;
            }
        }

        // Events are only built when someone listens: most transactions have no observers.
        if (hasObservers || deepListening)
        {
            var e = CreateEvent(transaction, subs);

            // Deep observers of this type and its ancestors see the event too.
            for (var type = this; type is not null; type = type.Item?.Parent)
            {
                if (type.HasDeepObservers)
                {
                    if (!transaction.ChangedParentTypes.TryGetValue(type, out var list))
                    {
                        list = [];
                        transaction.ChangedParentTypes[type] = list;
                    }

                    list.Add(e);
                }
            }

            if (hasObservers)
            {
                foreach (var handler in observers!.ToArray())
                {
                    handler(e);
                }
            }
        }

        AfterObservers(transaction);
    }

    internal virtual YEvent CreateEvent(Transaction transaction, HashSet<string?> subs) => new(this, transaction, subs);

    internal virtual void AfterObservers(Transaction transaction)
    {
    }

    internal void CallDeepObservers(List<YEvent> events)
    {
        if (deepObservers is { Count: > 0 })
        {
            foreach (var handler in deepObservers.ToArray())
            {
                handler(events);
            }
        }
    }

    internal IReadOnlyList<object> PathFrom(YType ancestor)
    {
        var path = new List<object>();
        var child = this;
        while (child.Item is { } item && child != ancestor)
        {
            if (item.ParentSub is not null)
            {
                path.Insert(0, item.ParentSub);
            }
            else
            {
                var index = 0;
                for (var n = item.Parent!.Start; n is not null && n != item; n = n.Right)
                {
                    if (!n.Deleted && n.Countable)
                    {
                        index += n.Length;
                    }
                }

                path.Insert(0, index);
            }

            child = item.Parent!;
        }

        return path;
    }

    // ---- sequence position cache (yjs ArraySearchMarker) ---------------------------------------

    /// <summary>Up to this many cached positions per type, as in yjs.</summary>
    private const int MaxSearchMarkers = 80;

    /// <summary>Marks whether markers are kept; cleared for good once a text has formatting.</summary>
    internal virtual bool UsesSearchMarker => true;

    /// <summary>Forgets every cached position (after remote changes, which do not maintain them).</summary>
    internal void ClearSearchMarker()
    {
        if (markers is { Count: > 0 })
        {
            foreach (var m in markers)
            {
                m.Item.IsMarked = false;
            }

            markers.Clear();
        }
    }

    internal void OnItemMerged(Item left, Item right)
    {
        if (markers is null)
        {
            return;
        }

        foreach (var m in markers)
        {
            if (m.Item == right)
            {
                m.Item = left;
                left.IsMarked = true;
                if (!left.Deleted && left.Countable)
                {
                    m.Index -= left.Length;
                }
            }
        }
    }

    /// <summary>
    /// An item and the number of countable, undeleted units before it, at or before
    /// <paramref name="index"/>, found from the nearest cached position (yjs findMarker); null
    /// to walk from the start.
    /// </summary>
    internal (Item Item, int Index)? FindMarker(int index)
    {
        if (Start is null || index == 0 || !UsesSearchMarker)
        {
            return null;
        }

        markers ??= [];
        SearchMarker? marker = null;
        foreach (var m in markers)
        {
            if (marker is null || Math.Abs(index - m.Index) <= Math.Abs(index - marker.Index))
            {
                marker = m;
            }
        }

        var p = Start;
        var pindex = 0;
        if (marker is not null)
        {
            p = marker.Item;
            pindex = marker.Index;
            marker.Timestamp = ++markerClock;
        }

        while (p.Right is not null && pindex < index)
        {
            if (!p.Deleted && p.Countable)
            {
                if (index < pindex + p.Length)
                {
                    break;
                }

                pindex += p.Length;
            }

            p = p.Right;
        }

        while (p.Left is not null && pindex > index)
        {
            p = p.Left;
            if (!p.Deleted && p.Countable)
            {
                pindex -= p.Length;
            }
        }

        // Never mark an item that may still merge into its left neighbour.
        while (p.Left is { } l && l.Id.Client == p.Id.Client && l.Id.Clock + l.Length == p.Id.Clock)
        {
            p = l;
            if (!p.Deleted && p.Countable)
            {
                pindex -= p.Length;
            }
        }

        if (marker is not null && Math.Abs(marker.Index - pindex) < (double)ContentLength / MaxSearchMarkers)
        {
            Overwrite(marker, p, pindex);
        }
        else if (markers.Count >= MaxSearchMarkers)
        {
            var oldest = markers[0];
            foreach (var m in markers)
            {
                if (m.Timestamp < oldest.Timestamp)
                {
                    oldest = m;
                }
            }

            Overwrite(oldest, p, pindex);
        }
        else
        {
            p.IsMarked = true;
            markers.Add(new SearchMarker(p, pindex, ++markerClock));
        }

        return (p, pindex);
    }

    private void Overwrite(SearchMarker marker, Item p, int index)
    {
        marker.Item.IsMarked = false;
        marker.Item = p;
        p.IsMarked = true;
        marker.Index = index;
        marker.Timestamp = ++markerClock;
    }

    /// <summary>yjs updateMarkerChanges: a local edit of <paramref name="length"/> units (negative for deletes) at <paramref name="index"/>.</summary>
    internal void UpdateMarkerChanges(int index, int length)
    {
        if (markers is null)
        {
            return;
        }

        for (var i = markers.Count - 1; i >= 0; i--)
        {
            var m = markers[i];
            if (length > 0)
            {
                // Move the marker to an undeleted countable item so the comparison below is meaningful.
                Item? p = m.Item;
                p.IsMarked = false;
                while (p is not null && (p.Deleted || !p.Countable))
                {
                    p = p.Left;
                    if (p is not null && !p.Deleted && p.Countable)
                    {
                        m.Index -= p.Length;
                    }
                }

                if (p is null || p.IsMarked)
                {
                    markers.RemoveAt(i);
                    continue;
                }

                m.Item = p;
                p.IsMarked = true;
            }

            if (index < m.Index || (length > 0 && index == m.Index))
            {
                m.Index = Math.Max(index, m.Index + length);
            }
        }
    }

    private sealed class SearchMarker(Item item, int index, long timestamp)
    {
        public Item Item = item;
        public int Index = index;
        public long Timestamp = timestamp;
    }

    // ---- shared helpers ------------------------------------------------------------------------

    internal static YType ReadPrelim(Lib0Reader reader)
    {
        var typeRef = reader.ReadVarUint();
        return typeRef switch
        {
            YArray.RefNumber => new YArray(),
            YMap.RefNumber => new YMap(),
            YText.RefNumber => new YText(),
            YXmlType.ElementRef => new YXmlType(YTypeKind.XmlElement, (byte)typeRef, reader.ReadVarString()),
            YXmlType.FragmentRef => new YXmlType(YTypeKind.XmlFragment, (byte)typeRef, null),
            YXmlType.HookRef => new YXmlType(YTypeKind.XmlElement, (byte)typeRef, reader.ReadVarString()),
            YXmlType.TextRef => new YXmlType(YTypeKind.XmlText, (byte)typeRef, null),
            _ => throw new CrdtFormatException($"Unknown shared type reference {typeRef}."),
        };
    }

    internal Doc RequireDoc() =>
        Doc ?? throw new InvalidOperationException("This type is not part of a document yet: insert it into one first.");

    /// <summary>Values in the sequence part, in order, skipping deleted ones.</summary>
    internal List<object?> SequenceValues()
    {
        var values = new List<object?>(ContentLength);
        for (var n = Start; n is not null; n = n.Right)
        {
            if (!n.Deleted && n.Countable)
            {
                n.Content.AppendValues(values);
            }
        }

        return values;
    }

    internal object? MapValue(string key)
    {
        if (MapEntries.TryGetValue(key, out var item) && !item.Deleted)
        {
            return LastValue(item.Content);
        }

        return null;
    }

    internal static object? LastValue(Content content)
    {
        switch (content)
        {
            case AnyContent any:
                var v = any.Last;
                return v is Undefined ? null : v;
            case TypeContent type:
                return type.Type;
            case BinaryContent binary:
                return binary.Bytes;
            default:
                var values = new List<object?>(content.Length);
                content.AppendValues(values);
                return values.Count > 0 ? values[^1] : null;
        }
    }

    internal static object? ValueToJson(object? value) => value is YType t ? t.ToJson() : value;

    internal SortedDictionary<string, object?> MapToJson()
    {
        var result = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, item) in MapEntries)
        {
            if (!item.Deleted)
            {
                result[key] = ValueToJson(MapValue(key));
            }
        }

        return result;
    }

    /// <summary>Copies a user value into the engine's own representation, rejecting what cannot be stored.</summary>
    internal static object? NormalizeValue(object? value, int depth = 0)
    {
        if (depth > AnyTag.MaxDepth)
        {
            throw new ArgumentException($"Values nested deeper than {AnyTag.MaxDepth} levels cannot be stored.", nameof(value));
        }

        switch (value)
        {
            case null or bool or string or long or double:
                return value;
            case int or short or sbyte or byte or ushort or uint:
                return Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            case float f:
                return (double)f;
            case ulong or decimal:
                return Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            case byte[] bytes:
                return bytes.ToArray();
            case YType:
                return value;
            case IReadOnlyDictionary<string, object?> map:
                {
                    var copy = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
                    foreach (var (k, v) in map)
                    {
                        if (v is YType)
                        {
                            throw new ArgumentException("A shared type cannot be nested inside a plain object; set it directly.", nameof(value));
                        }

                        copy[k] = NormalizeValue(v, depth + 1);
                    }

                    return copy;
                }

            case IReadOnlyList<object?> list:
                {
                    var copy = new object?[list.Count];
                    for (var i = 0; i < copy.Length; i++)
                    {
                        if (list[i] is YType)
                        {
                            throw new ArgumentException("A shared type cannot be nested inside a plain array; insert it directly.", nameof(value));
                        }

                        copy[i] = NormalizeValue(list[i], depth + 1);
                    }

                    return copy;
                }

            default:
                throw new ArgumentException($"A value of type {value.GetType().Name} cannot be stored in a CRDT document.", nameof(value));
        }
    }

    /// <summary>The item content a single inserted value becomes.</summary>
    internal static Content ContentFor(object? value) => value switch
    {
        byte[] bytes => new BinaryContent(bytes),
        YType type => new TypeContent(PrepareNested(type)),
        _ => new AnyContent(value),
    };

    private static YType PrepareNested(YType type)
    {
        if (type.Doc is not null || type.Item is not null)
        {
            throw new InvalidOperationException("This shared type is already part of a document; insert a new one.");
        }

        return type;
    }
}
