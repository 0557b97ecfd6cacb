using System.Runtime.InteropServices;
using P2PClinic.Crdt.Internal;

namespace P2PClinic.Crdt;

/// <summary>
/// A batch of changes to a <see cref="Crdt.Doc"/>: observers run and one update is emitted when it
/// ends. Obtained from <see cref="Crdt.Doc.Transact(Action{Transaction}, object?)"/>.
/// </summary>
public sealed class Transaction
{
    private Dictionary<YType, List<YEvent>>? changedParentTypes;

    private readonly TransactionParts parts;

    /// <summary>The collections this transaction fills (reused from a finished one when possible).</summary>
    internal TransactionParts Parts => parts;

    internal Transaction(Doc doc, object? origin, bool isLocal, TransactionParts? recycled = null)
    {
        parts = recycled ?? new TransactionParts();
        Doc = doc;
        Origin = origin;
        IsLocal = isLocal;
        BeforeState = parts.Before = ClientClocks.Of(doc.Store, parts.Before);
    }

    /// <summary>The document being changed.</summary>
    public Doc Doc { get; }

    /// <summary>What the caller said started this transaction (for example a network peer), or null.</summary>
    public object? Origin { get; }

    /// <summary>True for changes made through this document's API, false for applied updates.</summary>
    public bool IsLocal { get; internal set; }

    internal DeleteSet DeleteSet => parts.DeleteSet;

    internal ClientClocks BeforeState { get; }

    /// <summary>The state vector when the cleanup started; set by the cleanup.</summary>
    internal ClientClocks AfterState { get; set; } = null!;

    /// <summary>Types changed in this transaction, with the map keys changed (null for the sequence).</summary>
    internal Dictionary<YType, HashSet<string?>> Changed => parts.Changed;

    /// <summary>Events per ancestor type with deep observers; made on first use (most transactions have none).</summary>
    internal Dictionary<YType, List<YEvent>> ChangedParentTypes => changedParentTypes ??= new(YTypeIdentity.Instance);

    /// <summary><see cref="ChangedParentTypes"/> without making it: null when no event was recorded.</summary>
    internal Dictionary<YType, List<YEvent>>? ChangedParentTypesOrNull => changedParentTypes;

    /// <summary>Structs that were split or touched and may merge with a neighbour at cleanup.</summary>
    internal List<StructBase> MergeStructs => parts.MergeStructs;

    /// <summary>Set when an event was made for this transaction: the event may read its delete set and state vectors later.</summary>
    internal bool Observed { get; set; }

    internal bool NeedFormattingCleanup { get; set; }

    /// <summary>yjs addChangedTypeToTransaction: only types that existed before the transaction report changes.</summary>
    internal void AddChangedType(YType type, string? parentSub)
    {
        var item = type.Item;
        if (item is null || (item.Id.Clock < BeforeState.GetValueOrDefault(item.Id.Client) && !item.Deleted))
        {
            // One hash lookup, new type or not (w4 adds one type twice: the new value, the old one's deletion).
            ref var subs = ref CollectionsMarshal.GetValueRefOrAddDefault(Changed, type, out _);
            subs ??= parts.RentKeySet();
            subs.Add(parentSub);
        }
    }

    /// <summary>Once the transaction is cleaned up: its collections, emptied, for the next one, or null when an event may still read them.</summary>
    internal TransactionParts? Recycle() => !Observed && parts.TryReset() ? parts : null;
}

/// <summary>The update a transaction produced.</summary>
public sealed class DocUpdateEventArgs : EventArgs
{
    internal DocUpdateEventArgs(byte[] update, object? origin, bool isLocal)
    {
        Update = update;
        Origin = origin;
        IsLocal = isLocal;
    }

    /// <summary>The changes of the transaction as a Yjs update v1.</summary>
    public byte[] Update { get; }

    /// <summary>The transaction's origin.</summary>
    public object? Origin { get; }

    /// <summary>Whether the changes were made locally (true) or came from an applied update (false).</summary>
    public bool IsLocal { get; }
}
