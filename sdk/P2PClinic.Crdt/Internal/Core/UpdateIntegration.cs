using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>
/// Integrating decoded updates into a document and writing a document's structs back out
/// (yjs encoding.js, DeleteSet.js and the cleanup half of Transaction.js).
/// </summary>
internal static class UpdateIntegration
{
    private sealed class RefCursor(List<StructBase> refs)
    {
        public List<StructBase> Refs = refs;
        public int Index;
    }

    /// <summary>yjs readUpdateV2 inside a transaction: structs, then pending structs and delete sets retried.</summary>
    public static void Apply(Transaction transaction, DecodedUpdate update)
    {
        transaction.IsLocal = false;
        var store = transaction.Doc.Store;
        var retry = false;
        var rest = IntegrateStructs(transaction, store, update.Structs);
        var pending = store.Pending;
        if (pending is not null)
        {
            foreach (var (client, clock) in pending.Missing)
            {
                if (clock < store.GetState(client))
                {
                    retry = true;
                    break;
                }
            }

            if (rest is not null)
            {
                foreach (var (client, clock) in rest.Missing)
                {
                    if (!pending.Missing.TryGetValue(client, out var m) || m > clock)
                    {
                        pending.Missing[client] = clock;
                    }
                }

                pending.Update = YUpdate.Merge([pending.Update, rest.Update]);
            }
        }
        else
        {
            store.Pending = rest;
        }

        var dsRest = ApplyDeleteSet(transaction, store, update.DeleteSet);
        if (store.PendingDeleteSet is not null)
        {
            var pendingDs = DecodedUpdate.Decode(store.PendingDeleteSet);
            var dsRest2 = ApplyDeleteSet(transaction, store, pendingDs.DeleteSet);
            store.PendingDeleteSet = dsRest is not null && dsRest2 is not null ? YUpdate.Merge([dsRest, dsRest2]) : dsRest ?? dsRest2;
        }
        else
        {
            store.PendingDeleteSet = dsRest;
        }

        if (retry)
        {
            var again = store.Pending!.Update;
            store.Pending = null;
            Apply(transaction, DecodedUpdate.Decode(again));
        }
    }

    /// <summary>
    /// yjs integrateStructs: integrate what can be, following missing dependencies across
    /// clients with a stack; what cannot be is returned as a pending update.
    /// </summary>
    private static PendingStructs? IntegrateStructs(Transaction transaction, StructStore store, Dictionary<uint, List<StructBase>> clientsStructs)
    {
        var clientRefs = new Dictionary<uint, RefCursor>(clientsStructs.Count);
        foreach (var (client, refs) in clientsStructs)
        {
            clientRefs[client] = new RefCursor(refs);
        }

        var clientIds = new List<uint>(clientRefs.Keys);
        clientIds.Sort();
        if (clientIds.Count == 0)
        {
            return null;
        }

        RefCursor? NextTarget()
        {
            while (clientIds.Count > 0)
            {
                var target = clientRefs[clientIds[^1]];
                if (target.Index < target.Refs.Count)
                {
                    return target;
                }

                clientIds.RemoveAt(clientIds.Count - 1);
            }

            return null;
        }

        var current = NextTarget();
        if (current is null)
        {
            return null;
        }

        var stack = new List<StructBase>();
        var restStructs = new Dictionary<uint, List<StructBase>>();
        var missingSv = new Dictionary<uint, long>();
        var state = new Dictionary<uint, long>();

        void UpdateMissing(uint client, long clock)
        {
            if (!missingSv.TryGetValue(client, out var m) || m > clock)
            {
                missingSv[client] = clock;
            }
        }

        void AddStackToRest()
        {
            foreach (var item in stack)
            {
                var client = item.Id.Client;
                if (clientRefs.TryGetValue(client, out var inapplicable))
                {
                    // Step back: the struct on the stack was taken from this cursor but not applied.
                    inapplicable.Index--;
                    restStructs[client] = inapplicable.Refs.GetRange(inapplicable.Index, inapplicable.Refs.Count - inapplicable.Index);
                    clientRefs.Remove(client);
                    inapplicable.Index = 0;
                    inapplicable.Refs = [];
                }
                else
                {
                    restStructs[client] = [item];
                }

                clientIds.Remove(client);
            }

            stack.Clear();
        }

        var head = current.Refs[current.Index++];
        while (true)
        {
            if (head is not SkipStruct)
            {
                var client = head.Id.Client;
                if (!state.TryGetValue(client, out var localClock))
                {
                    localClock = store.GetState(client);
                    state[client] = localClock;
                }

                var offset = localClock - head.Id.Clock;
                if (offset < 0)
                {
                    // An earlier update of this client is missing.
                    stack.Add(head);
                    UpdateMissing(client, head.Id.Clock - 1);
                    AddStackToRest();
                }
                else
                {
                    var missing = head.GetMissing(transaction, store);
                    if (missing is { } missingClient)
                    {
                        stack.Add(head);
                        if (!clientRefs.TryGetValue(missingClient, out var refs) || refs.Index == refs.Refs.Count)
                        {
                            // Depends on an update that has not arrived yet.
                            UpdateMissing(missingClient, store.GetState(missingClient));
                            AddStackToRest();
                        }
                        else
                        {
                            head = refs.Refs[refs.Index++];
                            continue;
                        }
                    }
                    else if (offset == 0 || offset < head.Length)
                    {
                        head.Integrate(transaction, (int)offset);
                        state[client] = head.Id.Clock + head.Length;
                    }
                }
            }

            if (stack.Count > 0)
            {
                head = stack[^1];
                stack.RemoveAt(stack.Count - 1);
            }
            else if (current is not null && current.Index < current.Refs.Count)
            {
                head = current.Refs[current.Index++];
            }
            else
            {
                current = NextTarget();
                if (current is null)
                {
                    break;
                }

                head = current.Refs[current.Index++];
            }
        }

        if (restStructs.Count == 0)
        {
            return null;
        }

        using var writer = new Lib0Writer();
        var uw = new UpdateWriter(writer);
        writer.WriteVarUint((uint)restStructs.Count);
        foreach (var client in DeleteSet.SortedClientsDescending(restStructs.Keys))
        {
            WriteStructs(uw, restStructs[client], client, 0);
        }

        writer.WriteVarUint(0);
        return new PendingStructs(missingSv, writer.ToArray());
    }

    /// <summary>
    /// yjs readAndApplyDeleteSet: deletes what exists, returns the rest as an update, or null.
    /// The ranges are sorted and merged first (what yjs writes already is, so a real update is
    /// applied exactly as yjs applies it); a hostile one with thousands of overlapping ranges
    /// would otherwise walk the whole struct list once per range.
    /// </summary>
    private static byte[]? ApplyDeleteSet(Transaction transaction, StructStore store, DeleteSet ds)
    {
        ds.SortAndMerge();
        var unapplied = new DeleteSet();
        foreach (var (client, ranges) in ds.Clients)
        {
            var state = store.GetState(client);
            var applicable = 0;
            foreach (var range in ranges)
            {
                var clockEnd = range.Clock + range.Length;
                if (range.Clock < state)
                {
                    applicable++;
                    if (state < clockEnd)
                    {
                        unapplied.Add(client, state, clockEnd - state);
                    }
                }
                else
                {
                    unapplied.Add(client, range.Clock, range.Length);
                }
            }

            if (applicable > 0)
            {
                DeleteSortedRanges(transaction, store.Clients[client], ranges, state);
            }
        }

        if (unapplied.IsEmpty)
        {
            return null;
        }

        using var writer = new Lib0Writer();
        writer.WriteVarUint(0);
        unapplied.Write(writer);
        return writer.ToArray();
    }

    /// <summary>
    /// Deletes the parts below <paramref name="state"/> of sorted, disjoint ranges from one
    /// client's structs: the same splits and deletes, in the same order, as yjs's loop that finds
    /// each range and splices each split into the array, but in one pass that builds the changed
    /// stretch of the list anew, so k splits cost O(n + k) instead of k shifts of the list's tail.
    /// </summary>
    private static void DeleteSortedRanges(Transaction transaction, List<StructBase> structs, List<DeleteRange> ranges, long state)
    {
        var first = StructStore.FindIndex(structs, ranges[0].Clock);
        var rebuilt = new List<StructBase>();
        var next = first;
        StructBase? carried = null; // the right half of the last split, before structs[next]
        StructBase? Peek() => carried ?? (next < structs.Count ? structs[next] : null);
        void Take()
        {
            if (carried is not null)
            {
                rebuilt.Add(carried);
                carried = null;
            }
            else
            {
                rebuilt.Add(structs[next++]);
            }
        }

        var split = false;
        foreach (var range in ranges)
        {
            if (range.Clock >= state)
            {
                break;
            }

            var clockEnd = range.Clock + range.Length;
            while (Peek() is { } before && before.EndClock <= range.Clock)
            {
                Take();
            }

            if (Peek() is Item { Deleted: false } head && head.Id.Clock < range.Clock)
            {
                var right = head.Split(transaction, (int)(range.Clock - head.Id.Clock));
                Take();
                carried = right;
                split = true;
            }

            while (Peek() is { } s && s.Id.Clock < clockEnd)
            {
                if (s is Item { Deleted: false } item)
                {
                    var right = clockEnd < item.EndClock ? item.Split(transaction, (int)(clockEnd - item.Id.Clock)) : null;
                    item.Delete(transaction);
                    Take();
                    if (right is not null)
                    {
                        carried = right;
                        split = true;
                    }
                }
                else
                {
                    Take();
                }
            }
        }

        if (!split)
        {
            return; // the same structs in the same order: nothing to write back
        }

        if (carried is not null)
        {
            rebuilt.Add(carried);
        }

        structs.RemoveRange(first, next - first);
        structs.InsertRange(first, rebuilt);
    }

    /// <summary>yjs writeClientsStructs: every client with structs beyond <paramref name="sv"/>, by descending client id.</summary>
    public static void WriteClientsStructs(UpdateWriter writer, StructStore store, IReadOnlyDictionary<uint, long> sv)
    {
        var clients = new List<(uint Client, long Clock)>();
        foreach (var (client, clock) in sv)
        {
            if (store.GetState(client) > clock)
            {
                clients.Add((client, clock));
            }
        }

        foreach (var (client, structs) in store.Clients)
        {
            if (structs.Count > 0 && !sv.ContainsKey(client))
            {
                clients.Add((client, 0));
            }
        }

        clients.Sort(static (a, b) => b.Client.CompareTo(a.Client));
        writer.Rest.WriteVarUint((uint)clients.Count);
        foreach (var (client, clock) in clients)
        {
            WriteStructs(writer, store.Clients[client], client, clock);
        }
    }

    private static void WriteStructs(UpdateWriter writer, List<StructBase> structs, uint client, long clock)
    {
        clock = Math.Max(clock, structs[0].Id.Clock);
        var start = StructStore.FindIndex(structs, clock);
        writer.Rest.WriteVarUint((uint)(structs.Count - start));
        writer.WriteClient(client);
        writer.Rest.WriteVarUint((ulong)clock);
        var first = structs[start];
        first.Write(writer, (int)(clock - first.Id.Clock));
        for (var i = start + 1; i < structs.Count; i++)
        {
            structs[i].Write(writer, 0);
        }
    }

    /// <summary>yjs createDeleteSetFromStructStore: every deleted (or collected) run of clocks.</summary>
    public static DeleteSet DeleteSetFromStore(StructStore store)
    {
        var ds = new DeleteSet();
        foreach (var (client, structs) in store.Clients)
        {
            List<DeleteRange>? ranges = null;
            for (var i = 0; i < structs.Count; i++)
            {
                var s = structs[i];
                if (s.Deleted)
                {
                    var clock = s.Id.Clock;
                    long length = s.Length;
                    while (i + 1 < structs.Count && structs[i + 1].Deleted)
                    {
                        length += structs[++i].Length;
                    }

                    (ranges ??= []).Add(new DeleteRange(clock, length));
                }
            }

            if (ranges is not null)
            {
                ds.Clients[client] = ranges;
            }
        }

        return ds;
    }

    /// <summary>The update a transaction produced, or null when it changed nothing (yjs writeUpdateMessageFromTransaction).</summary>
    public static byte[]? EncodeTransactionUpdate(Transaction t)
    {
        var changed = !t.DeleteSet.IsEmpty;
        if (!changed)
        {
            foreach (var (client, clock) in t.AfterState)
            {
                if (t.BeforeState.GetValueOrDefault(client) != clock)
                {
                    changed = true;
                    break;
                }
            }
        }

        if (!changed)
        {
            return null;
        }

        t.DeleteSet.SortAndMerge();
        using var writer = new Lib0Writer();
        WriteClientsStructs(new UpdateWriter(writer), t.Doc.Store, t.BeforeState);
        t.DeleteSet.Write(writer);
        return writer.ToArray();
    }

    /// <summary>yjs tryGcDeleteSet: drops the content of items deleted in the transaction.</summary>
    public static void TryGcDeleteSet(DeleteSet ds, StructStore store)
    {
        foreach (var (client, ranges) in ds.Clients)
        {
            if (!store.Clients.TryGetValue(client, out var structs))
            {
                continue;
            }

            for (var di = ranges.Count - 1; di >= 0; di--)
            {
                var range = ranges[di];
                var end = range.Clock + range.Length;
                for (var si = StructStore.FindIndex(structs, range.Clock); si < structs.Count; si++)
                {
                    var s = structs[si];
                    if (s.Id.Clock >= end)
                    {
                        break;
                    }

                    if (s is Item { Deleted: true, Keep: false } item)
                    {
                        item.Gc(store, parentGCd: false);
                    }
                }
            }
        }
    }

    /// <summary>yjs tryMergeDeleteSet: merges structs around deleted ranges with their neighbours.</summary>
    public static void TryMergeDeleteSet(DeleteSet ds, StructStore store)
    {
        foreach (var (client, ranges) in ds.Clients)
        {
            if (!store.Clients.TryGetValue(client, out var structs))
            {
                continue;
            }

            for (var di = ranges.Count - 1; di >= 0; di--)
            {
                var range = ranges[di];
                var mostRight = Math.Min(structs.Count - 1, 1 + StructStore.FindIndex(structs, range.Clock + range.Length - 1));
                for (var si = mostRight; si > 0 && structs[si].Id.Clock >= range.Clock;)
                {
                    si -= 1 + TryToMergeWithLefts(structs, si);
                }
            }
        }
    }

    /// <summary>yjs tryToMergeWithLefts: merges structs[pos] into its left neighbours while possible; returns how many merged.</summary>
    public static int TryToMergeWithLefts(List<StructBase> structs, int pos)
    {
        var right = structs[pos];
        var i = pos;
        for (; i > 0; i--)
        {
            var left = structs[i - 1];
            if (left.Deleted == right.Deleted && left.GetType() == right.GetType() && left.MergeWith(right))
            {
                if (right is Item { ParentSub: { } sub, Parent: { } parent } r && parent.MapEntries.TryGetValue(sub, out var cur) && cur == r)
                {
                    parent.MapEntries[sub] = (Item)left;
                }

                right = left;
                continue;
            }

            break;
        }

        var merged = pos - i;
        if (merged > 0)
        {
            structs.RemoveRange(pos + 1 - merged, merged);
        }

        return merged;
    }
}
