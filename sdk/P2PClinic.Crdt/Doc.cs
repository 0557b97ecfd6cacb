using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using P2PClinic.Crdt.Internal;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt;

/// <summary>
/// A Yjs-compatible CRDT document: named root types holding maps, arrays and text, changed in
/// transactions, exchanged with peers as Yjs update v1 bytes. Not thread-safe: use one document
/// from one thread at a time.
/// </summary>
public sealed class Doc
{
    private readonly Dictionary<string, YType> share = new(StringComparer.Ordinal);
    private readonly List<Transaction> cleanups = [];
    private Transaction? current;
    private TransactionParts? spareParts;

    /// <summary>Creates an empty document.</summary>
    public Doc(DocOptions? options = null)
    {
        ClientId = options?.ClientId ?? NewClientId();
        Gc = options?.Gc ?? true;
    }

    /// <summary>The client id of this document's own changes.</summary>
    public uint ClientId { get; private set; }

    /// <summary>Whether deleted content is garbage-collected.</summary>
    public bool Gc { get; }

    /// <summary>Every root name in the document, including roots only updates have created.</summary>
    public IReadOnlyCollection<string> RootNames => [.. share.Keys];

    internal StructStore Store { get; } = new();

    /// <summary>Raised after every transaction that changed something, with that transaction's update.</summary>
    public event EventHandler<DocUpdateEventArgs>? Updated;

    /// <summary>The root map named <paramref name="name"/>, created if needed.</summary>
    public YMap GetMap(string name) => GetRoot(name, static () => new YMap());

    /// <summary>The root array named <paramref name="name"/>, created if needed.</summary>
    public YArray GetArray(string name) => GetRoot(name, static () => new YArray());

    /// <summary>The root text named <paramref name="name"/>, created if needed.</summary>
    public YText GetText(string name) => GetRoot(name, static () => new YText());

    /// <summary>The kind of root <paramref name="name"/>, as far as its type or content tells.</summary>
    public bool TryGetRootKind(string name, out YTypeKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!share.TryGetValue(name, out var type))
        {
            kind = YTypeKind.Unknown;
            return false;
        }

        kind = type is YUnknown unknown ? unknown.GuessKind() : type.Kind;
        return true;
    }

    /// <summary>Runs <paramref name="body"/> as one transaction; calls made inside an outer transaction join it.</summary>
    public void Transact(Action<Transaction> body, object? origin = null) => TransactCore(body, origin, isLocal: true);

    /// <summary>
    /// Applies a Yjs update v1. Structs whose dependencies are missing wait until they arrive. Bad
    /// input throws <see cref="CrdtFormatException"/> and leaves the document unchanged.
    /// </summary>
    public void ApplyUpdate(ReadOnlySpan<byte> update, object? origin = null)
    {
        var decoded = DecodedUpdate.Decode(update.ToArray());
        TransactCore(t => UpdateIntegration.Apply(t, decoded), origin, isLocal: false);
    }

    /// <summary>The document as one update, or only what a peer with <paramref name="targetStateVector"/> lacks.</summary>
    public byte[] EncodeStateAsUpdate(ReadOnlySpan<byte> targetStateVector = default)
    {
        var sv = targetStateVector.IsEmpty ? new Dictionary<uint, long>() : StateVectorCodec.Decode(targetStateVector);
        byte[] state;
        using (var writer = new Lib0Writer(1024))
        {
            UpdateIntegration.WriteClientsStructs(new UpdateWriter(writer), Store, sv);
            UpdateIntegration.DeleteSetFromStore(Store).Write(writer);
            state = writer.ToArray();
        }

        if (Store.Pending is null && Store.PendingDeleteSet is null)
        {
            return state;
        }

        var updates = new List<byte[]> { state };
        if (Store.PendingDeleteSet is not null)
        {
            updates.Add(Store.PendingDeleteSet);
        }

        if (Store.Pending is not null)
        {
            updates.Add(YUpdate.Diff(Store.Pending.Update, targetStateVector.IsEmpty ? [0] : targetStateVector));
        }

        return YUpdate.Merge(updates);
    }

    /// <summary>The state vector: for each client, the next clock this document expects.</summary>
    public byte[] EncodeStateVector() => StateVectorCodec.Encode(Store.GetStateVector());

    internal YType GetOrCreateRoot(string name)
    {
        if (!share.TryGetValue(name, out var type))
        {
            type = new YUnknown { RootName = name };
            type.IntegrateInto(this, null);
            share[name] = type;
        }

        return type;
    }

    private T GetRoot<T>(string name, Func<T> create)
        where T : YType
    {
        ArgumentNullException.ThrowIfNull(name);
        if (share.TryGetValue(name, out var existing))
        {
            if (existing is T typed)
            {
                return typed;
            }

            if (existing is not YUnknown unknown)
            {
                throw new InvalidOperationException($"The root '{name}' is a {existing.Kind}, not a {typeof(T).Name}.");
            }

            // Adopt the content an update already put under this name.
            var adopted = create();
            adopted.RootName = name;
            adopted.IntegrateInto(this, null);
            adopted.Start = unknown.Start;
            adopted.ContentLength = unknown.ContentLength;
            foreach (var (key, item) in unknown.MapEntries)
            {
                adopted.MapEntries[key] = item;
                for (var n = item; n is not null; n = n.Left)
                {
                    n.Parent = adopted;
                }
            }

            // A text adopted this way starts without HasFormatting even when the content holds
            // formats, as in yjs 13.6 (Doc.get makes a new YText with _hasFormatting = false): the
            // formatting cleanup after remote updates then runs only once a new format item is
            // integrated into it. Setting it here deleted format items yjs keeps (issue 12's soak).
            for (var n = adopted.Start; n is not null; n = n.Right)
            {
                n.Parent = adopted;
            }

            share[name] = adopted;
            return adopted;
        }

        var root = create();
        root.RootName = name;
        root.IntegrateInto(this, null);
        share[name] = root;
        return root;
    }

    internal void TransactCore(Action<Transaction> body, object? origin, bool isLocal) =>
        TransactCore(static (t, b) => b(t), body, origin, isLocal);

    /// <summary>
    /// A transaction whose body takes its state as an argument, so a hot caller (one map set per
    /// transaction) passes a static lambda and allocates no closure.
    /// </summary>
    internal void TransactCore<TState>(Action<Transaction, TState> body, TState state, object? origin, bool isLocal)
    {
        ArgumentNullException.ThrowIfNull(body);
        var initial = false;
        if (current is null)
        {
            initial = true;
            current = new Transaction(this, origin, isLocal, spareParts);
            spareParts = null;
            cleanups.Add(current);
        }

        try
        {
            body(current, state);
        }
        finally
        {
            if (initial)
            {
                var finishCleanup = current == cleanups[0];
                current = null;
                if (finishCleanup)
                {
                    RunCleanups();
                }
            }
        }
    }

    private void RunCleanups()
    {
        ExceptionDispatchInfo? firstError = null;
        try
        {
            // Observers may start new transactions; they are appended and cleaned up in turn.
            for (var i = 0; i < cleanups.Count; i++)
            {
                var error = Cleanup(cleanups[i]);
                firstError ??= error;
                spareParts ??= cleanups[i].Recycle();
            }
        }
        finally
        {
            cleanups.Clear();
        }

        firstError?.Throw();
    }

    private ExceptionDispatchInfo? Cleanup(Transaction t)
    {
        // Observer and handler failures are collected, not thrown at once, so every observer runs
        // and the cleanup always completes (inline try/catch: a closure per call cost allocations
        // on every transaction).
        ExceptionDispatchInfo? firstError = null;

        t.DeleteSet.SortAndMerge();
        t.AfterState = t.Parts.After = ClientClocks.Of(Store, t.Parts.After);
        foreach (var (type, subs) in t.Changed)
        {
            if (type.Item is null || !type.Item.Deleted)
            {
                try
                {
                    type.CallObservers(t, subs);
                }
                catch (Exception e)
                {
                    firstError ??= ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        if (t.ChangedParentTypesOrNull is { } parentEvents)
        {
            foreach (var (type, events) in parentEvents)
            {
                if (type.HasDeepObservers && (type.Item is null || !type.Item.Deleted))
                {
                    var live = events.FindAll(e => e.Target.Item is null || !e.Target.Item.Deleted);
                    foreach (var e in live)
                    {
                        e.CurrentTarget = type;
                    }

                    // Top-level events first; a stable sort keeps the order of equal depths.
                    var ordered = live.OrderBy(e => e.Path.Count).ToList();
                    try
                    {
                        type.CallDeepObservers(ordered);
                    }
                    catch (Exception e)
                    {
                        firstError ??= ExceptionDispatchInfo.Capture(e);
                    }
                }
            }
        }

        if (t.NeedFormattingCleanup)
        {
            try
            {
                TextFormatting.CleanupAfterTransaction(t);
            }
            catch (Exception e)
            {
                firstError ??= ExceptionDispatchInfo.Capture(e);
            }
        }

        if (Gc)
        {
            UpdateIntegration.TryGcDeleteSet(t.DeleteSet, Store);
        }

        UpdateIntegration.TryMergeDeleteSet(t.DeleteSet, Store);
        foreach (var (client, clock) in t.AfterState)
        {
            var beforeClock = t.BeforeState.GetValueOrDefault(client);
            if (beforeClock != clock)
            {
                var structs = Store.Clients[client];
                var firstChangePos = Math.Max(StructStore.FindIndex(structs, beforeClock), 1);
                for (var i = structs.Count - 1; i >= firstChangePos;)
                {
                    i -= 1 + UpdateIntegration.TryToMergeWithLefts(structs, i);
                }
            }
        }

        for (var i = t.MergeStructs.Count - 1; i >= 0; i--)
        {
            var id = t.MergeStructs[i].Id;
            var structs = Store.Clients[id.Client];
            var replacedStructPos = StructStore.FindIndex(structs, id.Clock);
            if (replacedStructPos + 1 < structs.Count && UpdateIntegration.TryToMergeWithLefts(structs, replacedStructPos + 1) > 1)
            {
                continue;
            }

            if (replacedStructPos > 0)
            {
                UpdateIntegration.TryToMergeWithLefts(structs, replacedStructPos);
            }
        }

        if (!t.IsLocal && t.AfterState.GetValueOrDefault(ClientId) != t.BeforeState.GetValueOrDefault(ClientId))
        {
            // Someone else wrote with our client id: switch to a fresh one so clocks never collide.
            ClientId = NewClientId();
        }

        var handlers = Updated;
        if (handlers is not null)
        {
            var update = UpdateIntegration.EncodeTransactionUpdate(t);
            if (update is not null)
            {
                try
                {
                    handlers(this, new DocUpdateEventArgs(update, t.Origin, t.IsLocal));
                }
                catch (Exception e)
                {
                    firstError ??= ExceptionDispatchInfo.Capture(e);
                }
            }
        }

        return firstError;
    }

    private static uint NewClientId() => BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
}
