namespace P2PClinic.Sdk.Records;

/// <summary>
/// A field of a record that holds a shared type of its own (a list, a set, a keyed map) rather than a plain
/// value, so that what peers change inside it merges element by element. A <see cref="RecordCollection"/> names
/// its nested fields up front: it creates them with every record, so two peers adding to the same list add to the
/// same shared list.
/// </summary>
public abstract class RecordNestedField
{
    private protected RecordNestedField(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Key = key;
    }

    /// <summary>The field's key in the record's map: part of the wire format between peers, never rename it.</summary>
    public string Key { get; }
}

/// <summary>
/// A list of <see cref="RecordEntry"/>s (emails, phones, addresses, attendees), stored as a shared array of
/// shared maps. Concurrent additions are all kept; an entry edited on one peer and removed on another is removed;
/// texts of one entry edited on two peers merge text by text, the same text edited on both: one wins, the same on
/// every peer. See docs/records.md.
/// </summary>
public sealed class RecordListField : RecordNestedField
{
    private readonly string[] _identity;

    /// <summary>Describes a list field.</summary>
    /// <param name="key">The field's key in the record's map.</param>
    /// <param name="identity">
    /// The entry texts that say which entry is which: a written entry whose identity texts match a stored entry's
    /// edits that entry in place (the other texts are written one by one); otherwise the stored entry is removed and
    /// the written one added. E.g. <c>value</c> for emails, so relabeling an address edits it. None: entries are only
    /// kept or replaced whole.
    /// </param>
    public RecordListField(string key, params string[] identity)
        : base(key)
    {
        ArgumentNullException.ThrowIfNull(identity);
        _identity = [.. identity];
    }

    /// <summary>The entry texts that identify an entry.</summary>
    public IReadOnlyList<string> Identity => _identity;

    /// <summary>The identity of <paramref name="entry"/>, or null when the field has none.</summary>
    internal string? IdentityOf(RecordEntry entry) =>
        _identity.Length == 0 ? null : string.Join('\u001f', _identity.Select(k => entry[k]));
}

/// <summary>
/// A set of texts (tags, exception dates), stored as a shared array of strings in the order written. Concurrent
/// additions are all kept, a text removed on any peer is removed, a text added on two peers at once reads once.
/// </summary>
public sealed class RecordSetField : RecordNestedField
{
    /// <summary>Describes a set field.</summary>
    /// <param name="key">The field's key in the record's map.</param>
    public RecordSetField(string key)
        : base(key)
    {
    }
}

/// <summary>
/// A map from keys to texts inside a record (e.g. occurrence id → when it was dismissed), stored as a shared map:
/// keys set on different peers are all kept; one key set on two peers at once: one value wins, the same everywhere.
/// </summary>
public sealed class RecordMapField : RecordNestedField
{
    /// <summary>Describes a keyed map field.</summary>
    /// <param name="key">The field's key in the record's map.</param>
    public RecordMapField(string key)
        : base(key)
    {
    }
}
