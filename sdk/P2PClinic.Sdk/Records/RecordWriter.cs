using P2PClinic.Crdt;
using P2PClinic.Sdk.Internal;

namespace P2PClinic.Sdk.Records;

/// <summary>
/// Writes the fields of one record inside a transaction, each only when it differs from what the document holds,
/// so two peers editing different fields of a record both keep their edit. Get one from
/// <see cref="RecordCollection.Create"/> or <see cref="RecordCollection.Edit"/>; use it only inside that transaction.
/// </summary>
public sealed class RecordWriter
{
    private readonly YMap _entry;

    internal RecordWriter(string id, YMap entry, bool isNew)
    {
        Id = id;
        _entry = entry;
        IsNew = isNew;
    }

    /// <summary>The record's id.</summary>
    public string Id { get; }

    /// <summary>Whether the record was created by this writer.</summary>
    public bool IsNew { get; }

    /// <summary>Whether a write changed the document so far (<see cref="Touch"/> aside).</summary>
    public bool Changed { get; private set; }

    /// <summary>Sets a text field; empty removes it (reads as empty). Nothing is written when it holds that text already.</summary>
    /// <param name="key">The field's key.</param>
    /// <param name="value">The text.</param>
    public void SetText(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            Remove(key);
        }
        else if (!string.Equals(_entry.Get(key) as string, value, StringComparison.Ordinal))
        {
            _entry.Set(key, value);
            Changed = true;
        }
    }

    /// <summary>Sets a flag; false removes it (reads as false).</summary>
    /// <param name="key">The field's key.</param>
    /// <param name="value">The flag.</param>
    public void SetFlag(string key, bool value)
    {
        if (!value)
        {
            Remove(key);
        }
        else if (_entry.Get(key) is not true)
        {
            _entry.Set(key, true);
            Changed = true;
        }
    }

    /// <summary>Sets a whole number (stored as an integer, exact up to 2^53 for JavaScript peers).</summary>
    /// <param name="key">The field's key.</param>
    /// <param name="value">The number.</param>
    public void SetNumber(string key, long value)
    {
        if (_entry.Get(key) is not long stored || stored != value)
        {
            _entry.Set(key, value);
            Changed = true;
        }
    }

    /// <summary>Removes a field; nothing is written when it has no value.</summary>
    /// <param name="key">The field's key.</param>
    public void Remove(string key)
    {
        if (_entry.ContainsKey(key))
        {
            _entry.Delete(key);
            Changed = true;
        }
    }

    /// <summary>
    /// Makes a list field hold <paramref name="entries"/>, writing only the differences from the stored list:
    /// entries already there are kept as they are, entries whose identity matches a stored one edit it in place,
    /// stored entries not written are removed, the others added at their place. Re-writing the stored list writes
    /// nothing; entries equal to an earlier one in <paramref name="entries"/> are written once.
    /// </summary>
    /// <param name="field">The field (named by the collection).</param>
    /// <param name="entries">The whole list, in display order.</param>
    public void SetList(RecordListField field, IReadOnlyList<RecordEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(entries);
        Changed |= ListWrite.Apply(Array(field), entries, static v => v is YMap map ? Record.ToEntry(map.ToJson()) : null, field.IdentityOf, ToShared, EditInPlace);
    }

    /// <summary>Makes a set field hold <paramref name="texts"/> (in this order), writing only the texts added and removed.</summary>
    /// <param name="field">The field (named by the collection).</param>
    /// <param name="texts">The whole set; a text given twice is written once.</param>
    public void SetTexts(RecordSetField field, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(texts);
        Changed |= ListWrite.Apply(Array(field), texts, static v => v as string, static _ => null, static t => t, null);
    }

    /// <summary>Sets <paramref name="key"/> of a keyed map field to <paramref name="value"/>, unless it holds that text already.</summary>
    /// <param name="field">The field (named by the collection).</param>
    /// <param name="key">The key inside the map.</param>
    /// <param name="value">The text.</param>
    public void SetInMap(RecordMapField field, string key, string value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var map = Map(field);
        if (!string.Equals(map.Get(key) as string, value, StringComparison.Ordinal))
        {
            map.Set(key, value);
            Changed = true;
        }
    }

    /// <summary>Whether <paramref name="key"/> of a keyed map field has a value.</summary>
    /// <param name="field">The field (named by the collection).</param>
    /// <param name="key">The key inside the map.</param>
    /// <returns>Whether it has one.</returns>
    public bool ContainsInMap(RecordMapField field, string key)
    {
        ArgumentNullException.ThrowIfNull(field);
        return _entry.Get(field.Key) is YMap map && map.ContainsKey(key);
    }

    /// <summary>Removes <paramref name="key"/> from a keyed map field; nothing is written when it has none.</summary>
    /// <param name="field">The field (named by the collection).</param>
    /// <param name="key">The key inside the map.</param>
    public void RemoveFromMap(RecordMapField field, string key)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (_entry.Get(field.Key) is YMap map && map.ContainsKey(key))
        {
            map.Delete(key);
            Changed = true;
        }
    }

    /// <summary>Stamps <see cref="RecordCollection.UpdatedAtKey"/> with <paramref name="updatedAt"/> when a write changed the record.</summary>
    /// <param name="updatedAt">When the change was made.</param>
    /// <returns><see cref="Changed"/>.</returns>
    public bool Touch(DateTimeOffset updatedAt)
    {
        if (Changed)
        {
            // A record created and written at the same instant holds that time already: a second write of it would
            // leave a deleted value behind in the document for every new record.
            var time = RecordTime.Format(updatedAt);
            if (!string.Equals(_entry.Get(RecordCollection.UpdatedAtKey) as string, time, StringComparison.Ordinal))
            {
                _entry.Set(RecordCollection.UpdatedAtKey, time);
            }
        }

        return Changed;
    }

    internal void EnsureNested(RecordNestedField field)
    {
        var held = _entry.Get(field.Key);
        if (field is RecordMapField ? held is not YMap : held is not YArray)
        {
            _entry.Set(field.Key, Convert(field, held));
        }
    }

    /// <summary>
    /// The shared type a nested field starts as: empty, or (for a record of the first layout, which stored a list
    /// as plain values under its key or nothing at all) holding what was there.
    /// </summary>
    private static YType Convert(RecordNestedField field, object? held)
    {
        if (field is RecordMapField)
        {
            return new YMap();
        }

        var array = new YArray();
        if (held is IReadOnlyList<object?> plain)
        {
            array.Push([.. plain.Select(v => v is IReadOnlyDictionary<string, object?> ? ToShared(Record.ToEntry(v)!) : v).Where(v => v is string or YMap)]);
        }

        return array;
    }

    private YArray Array(RecordNestedField field)
    {
        if (_entry.Get(field.Key) is YArray array)
        {
            return array;
        }

        // A field the collection did not declare, or one a peer replaced with something else: start it now.
        EnsureNested(field);
        return (YArray)_entry.Get(field.Key)!;
    }

    private YMap Map(RecordMapField field)
    {
        if (_entry.Get(field.Key) is YMap map)
        {
            return map;
        }

        EnsureNested(field);
        return (YMap)_entry.Get(field.Key)!;
    }

    private static YMap ToShared(RecordEntry entry)
    {
        var map = new YMap();
        foreach (var (key, value) in entry.Fields)
        {
            map.Set(key, value);
        }

        return map;
    }

    private static bool EditInPlace(object? shared, RecordEntry stored, RecordEntry written)
    {
        var map = (YMap)shared!;
        var changed = false;
        foreach (var (key, _) in stored.Fields)
        {
            if (written[key].Length == 0)
            {
                map.Delete(key);
                changed = true;
            }
        }

        foreach (var (key, value) in written.Fields)
        {
            if (!string.Equals(stored[key], value, StringComparison.Ordinal))
            {
                map.Set(key, value);
                changed = true;
            }
        }

        return changed;
    }
}
