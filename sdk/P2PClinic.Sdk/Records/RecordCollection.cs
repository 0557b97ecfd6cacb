using P2PClinic.Crdt;

namespace P2PClinic.Sdk.Records;

/// <summary>
/// A collection of records in an org's document: a root map of id → nested map of fields, the layout every
/// plugin's data takes so that concurrent edits on peers merge field by field, and lists inside a record element by
/// element (docs/records.md has the rules). Plain fields are texts, flags and numbers; <see cref="RecordNestedField"/>s
/// are lists, sets and keyed maps. A record deleted on one peer while edited on another stays deleted: the edit
/// lands in the deleted record's map and is dropped with it.
/// </summary>
/// <example>
/// <code>
/// static readonly RecordListField Emails = new("emails", "value");
/// static readonly RecordCollection Contacts = new("contacts", Emails);
/// await document.ChangeAsync(t =&gt;
/// {
///     var record = Contacts.Edit(t, id);
///     record?.SetList(Emails, [RecordEntry.Of(("label", "work"), ("value", "ada@example.org"))]);
///     record?.Touch(now);
/// });
/// </code>
/// </example>
public sealed class RecordCollection
{
    /// <summary>The key of the creation time every record carries (<see cref="RecordTime"/> text).</summary>
    public const string CreatedAtKey = "createdAt";

    /// <summary>The key of the last change's time every record carries (<see cref="RecordTime"/> text).</summary>
    public const string UpdatedAtKey = "updatedAt";

    private readonly RecordNestedField[] _nested;

    /// <summary>Describes a collection.</summary>
    /// <param name="root">The root map's name in the document (a third-party plugin prefixes it with its id).</param>
    /// <param name="nested">The record's lists, sets and keyed maps: created with each record, and on the first write to a record stored without them.</param>
    public RecordCollection(string root, params RecordNestedField[] nested)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentNullException.ThrowIfNull(nested);
        Root = root;
        _nested = [.. nested];
    }

    /// <summary>The root map's name: the <see cref="CollectionChange.Collection"/> of changes to these records.</summary>
    public string Root { get; }

    /// <summary>Whether the document holds a record under <paramref name="id"/>.</summary>
    /// <param name="doc">The document (inside <see cref="IOrgDocument.Read{T}"/> or a change).</param>
    /// <param name="id">The record's id.</param>
    /// <returns>Whether it does.</returns>
    public bool Contains(Doc doc, string id)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.GetMap(Root).Get(id) is YMap;
    }

    /// <summary>The record stored under <paramref name="id"/>, or null.</summary>
    /// <param name="doc">The document.</param>
    /// <param name="id">The record's id.</param>
    /// <returns>The record's values.</returns>
    public Record? Read(Doc doc, string id)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return doc.GetMap(Root).Get(id) is YMap entry ? new Record(id, Snapshot(entry)) : null;
    }

    /// <summary>
    /// The record's values as they are now (nested fields as their JSON), so a <see cref="Record"/> stays readable
    /// after the read. A hash map rather than <see cref="YMap.ToJson"/>'s sorted one: every listing reads every
    /// record, and lookups by key are all a record is used for.
    /// </summary>
    private static Dictionary<string, object?> Snapshot(YMap entry)
    {
        var fields = new Dictionary<string, object?>(entry.Count, StringComparer.Ordinal);
        foreach (var key in entry.Keys)
        {
            var value = entry.Get(key);
            fields[key] = value switch
            {
                YArray { Length: 0 } => System.Array.Empty<object?>(), // most records' lists are empty
                YType nested => nested.ToJson(),
                _ => value,
            };
        }

        return fields;
    }

    /// <summary>Every record of the collection.</summary>
    /// <param name="doc">The document.</param>
    /// <returns>The records, in no particular order.</returns>
    public IReadOnlyList<Record> ReadAll(Doc doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var root = doc.GetMap(Root);
        var records = new List<Record>(root.Count);
        foreach (var id in root.Keys)
        {
            if (Read(doc, id) is { } record)
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>
    /// Stores a new record under <paramref name="id"/> with its nested fields and both times set to
    /// <paramref name="createdAt"/>, and returns a writer for its fields. An id that exists is replaced whole.
    /// </summary>
    /// <param name="transaction">The change's transaction.</param>
    /// <param name="id">The new record's id (e.g. 32 random hex characters).</param>
    /// <param name="createdAt">When it is created.</param>
    /// <returns>The writer.</returns>
    public RecordWriter Create(Transaction transaction, string id, DateTimeOffset createdAt)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var entry = new YMap();
        var time = RecordTime.Format(createdAt);
        entry.Set(CreatedAtKey, time);
        entry.Set(UpdatedAtKey, time);
        foreach (var field in _nested)
        {
            entry.Set(field.Key, field is RecordMapField ? new YMap() : new YArray());
        }

        transaction.Doc.GetMap(Root).Set(id, entry);
        return new RecordWriter(id, entry, isNew: true);
    }

    /// <summary>
    /// A writer for the record stored under <paramref name="id"/>, or null when there is none (deleted, here or by
    /// a peer). A record stored without some of its nested fields (the first layout left an empty list out) gets
    /// them now.
    /// </summary>
    /// <param name="transaction">The change's transaction.</param>
    /// <param name="id">The record's id.</param>
    /// <returns>The writer, or null.</returns>
    public RecordWriter? Edit(Transaction transaction, string id)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Doc.GetMap(Root).Get(id) is not YMap entry)
        {
            return null;
        }

        var writer = new RecordWriter(id, entry, isNew: false);
        foreach (var field in _nested)
        {
            writer.EnsureNested(field);
        }

        return writer;
    }

    /// <summary>Deletes the record under <paramref name="id"/>; false when there was none.</summary>
    /// <param name="transaction">The change's transaction.</param>
    /// <param name="id">The record's id.</param>
    /// <returns>Whether it existed.</returns>
    public bool Delete(Transaction transaction, string id)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var root = transaction.Doc.GetMap(Root);
        if (!root.ContainsKey(id))
        {
            return false;
        }

        root.Delete(id);
        return true;
    }

    /// <summary>
    /// What a stored change did to this collection: null when it did not touch it; otherwise the ids of the records
    /// created, edited or deleted, empty when the change could not name them (then re-read every record).
    /// </summary>
    /// <param name="change">A change the document raised (<see cref="IOrgDocument.Changed"/>).</param>
    /// <returns>The ids, or null.</returns>
    public IReadOnlyList<string>? ChangedIds(OrgDocumentChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return change.Collections.FirstOrDefault(c => c.Collection == Root)?.Ids;
    }
}
