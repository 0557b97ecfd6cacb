using P2PClinic.Crdt.Internal;

namespace P2PClinic.Crdt;

/// <summary>
/// A batch of changes to a <see cref="Crdt.Doc"/>: observers run and one update is emitted when it
/// ends. Obtained from <see cref="Crdt.Doc.Transact(Action{Transaction}, object?)"/>.
/// </summary>
public sealed class Transaction
{
    internal Transaction(Doc doc, object? origin, bool isLocal)
    {
        Doc = doc;
        Origin = origin;
        IsLocal = isLocal;
        BeforeState = doc.Store.GetStateVector();
    }

    /// <summary>The document being changed.</summary>
    public Doc Doc { get; }

    /// <summary>What the caller said started this transaction (for example a network peer), or null.</summary>
    public object? Origin { get; }

    /// <summary>True for changes made through this document's API, false for applied updates.</summary>
    public bool IsLocal { get; internal set; }

    internal DeleteSet DeleteSet { get; } = new();

    internal Dictionary<uint, long> BeforeState { get; }

    internal Dictionary<uint, long> AfterState { get; set; } = [];

    /// <summary>Types changed in this transaction, with the map keys changed (null for the sequence).</summary>
    internal Dictionary<YType, HashSet<string?>> Changed { get; } = new(YTypeIdentity.Instance);

    internal Dictionary<YType, List<YEvent>> ChangedParentTypes { get; } = new(YTypeIdentity.Instance);

    /// <summary>Structs that were split or touched and may merge with a neighbour at cleanup.</summary>
    internal List<StructBase> MergeStructs { get; } = [];

    internal bool NeedFormattingCleanup { get; set; }

    /// <summary>yjs addChangedTypeToTransaction: only types that existed before the transaction report changes.</summary>
    internal void AddChangedType(YType type, string? parentSub)
    {
        var item = type.Item;
        if (item is null || (item.Id.Clock < BeforeState.GetValueOrDefault(item.Id.Client) && !item.Deleted))
        {
            if (!Changed.TryGetValue(type, out var subs))
            {
                subs = [];
                Changed[type] = subs;
            }

            subs.Add(parentSub);
        }
    }
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
