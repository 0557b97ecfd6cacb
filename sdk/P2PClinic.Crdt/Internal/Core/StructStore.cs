namespace P2PClinic.Crdt.Internal;

/// <summary>
/// Every struct of a document, per client, sorted by clock and contiguous from clock 0 (yjs
/// StructStore). Lookups by id are binary searches in the client's list.
/// </summary>
internal sealed class StructStore
{
    public Dictionary<uint, List<StructBase>> Clients { get; } = [];

    /// <summary>Structs received before their dependencies, as an update v1, with the lowest missing clock per client.</summary>
    public PendingStructs? Pending { get; set; }

    /// <summary>Deletions of clocks not yet received, as an update v1 with zero structs.</summary>
    public byte[]? PendingDeleteSet { get; set; }

    public long GetState(uint client)
    {
        if (!Clients.TryGetValue(client, out var structs) || structs.Count == 0)
        {
            return 0;
        }

        var last = structs[^1];
        return last.Id.Clock + last.Length;
    }

    public Dictionary<uint, long> GetStateVector()
    {
        var sv = new Dictionary<uint, long>(Clients.Count);
        foreach (var (client, structs) in Clients)
        {
            if (structs.Count > 0)
            {
                var last = structs[^1];
                sv[client] = last.Id.Clock + last.Length;
            }
        }

        return sv;
    }

    public void AddStruct(StructBase s)
    {
        if (!Clients.TryGetValue(s.Id.Client, out var structs))
        {
            structs = [];
            Clients[s.Id.Client] = structs;
        }
        else
        {
            var last = structs[^1];
            if (last.Id.Clock + last.Length != s.Id.Clock)
            {
                throw new InvalidOperationException("Structs must be added in clock order without gaps.");
            }
        }

        structs.Add(s);
    }

    /// <summary>
    /// yjs findIndexSS: the index of the struct holding <paramref name="clock"/>. Clocks are
    /// roughly proportional to indices, so the search starts where that puts it and gallops
    /// outwards before bisecting: merges only shift structs a little from their guess.
    /// </summary>
    public static int FindIndex(List<StructBase> structs, long clock)
    {
        var right = structs.Count - 1;
        var last = structs[right];
        if (last.Id.Clock <= clock)
        {
            if (clock < last.Id.Clock + last.Length)
            {
                return right;
            }

            throw new InvalidOperationException($"Clock {clock} is not in the struct store.");
        }

        var endClock = last.Id.Clock + last.Length;
        var guess = Math.Clamp((int)((double)clock / endClock * right), 0, right);
        var left = 0;
        var s = structs[guess];
        if (s.Id.Clock <= clock)
        {
            if (clock < s.Id.Clock + s.Length)
            {
                return guess;
            }

            // Gallop right.
            left = guess + 1;
            for (var step = 1; ; step <<= 1)
            {
                var probe = guess + step;
                if (probe >= right)
                {
                    break;
                }

                if (structs[probe].Id.Clock > clock)
                {
                    right = probe - 1;
                    break;
                }

                left = probe;
            }
        }
        else
        {
            // Gallop left.
            right = guess - 1;
            for (var step = 1; ; step <<= 1)
            {
                var probe = guess - step;
                if (probe <= 0)
                {
                    break;
                }

                if (structs[probe].Id.Clock <= clock)
                {
                    left = probe;
                    break;
                }

                right = probe - 1;
            }
        }

        while (left <= right)
        {
            var mid = (left + right) >>> 1;
            s = structs[mid];
            if (s.Id.Clock <= clock)
            {
                if (clock < s.Id.Clock + s.Length)
                {
                    return mid;
                }

                left = mid + 1;
            }
            else
            {
                right = mid - 1;
            }
        }

        throw new InvalidOperationException($"Clock {clock} is not in the struct store.");
    }

    public StructBase Find(Id id)
    {
        var structs = Clients[id.Client];
        return structs[FindIndex(structs, id.Clock)];
    }

    /// <summary>The item that starts exactly at <paramref name="id"/>, splitting one if needed.</summary>
    public StructBase GetItemCleanStart(Transaction transaction, Id id)
    {
        var structs = Clients[id.Client];
        var index = FindIndex(structs, id.Clock);
        var s = structs[index];
        if (s.Id.Clock < id.Clock && s is Item item)
        {
            var right = item.Split(transaction, (int)(id.Clock - s.Id.Clock));
            structs.Insert(index + 1, right);
            return right;
        }

        return s;
    }

    /// <summary>The item that ends exactly at <paramref name="id"/>, splitting one if needed.</summary>
    public StructBase GetItemCleanEnd(Transaction transaction, Id id)
    {
        var structs = Clients[id.Client];
        var index = FindIndex(structs, id.Clock);
        var s = structs[index];
        if (id.Clock != s.Id.Clock + s.Length - 1 && s is Item item)
        {
            structs.Insert(index + 1, item.Split(transaction, (int)(id.Clock - s.Id.Clock + 1)));
        }

        return s;
    }

    public void ReplaceStruct(StructBase oldStruct, StructBase newStruct)
    {
        var structs = Clients[oldStruct.Id.Client];
        structs[FindIndex(structs, oldStruct.Id.Clock)] = newStruct;
    }
}

/// <summary>Structs waiting for missing dependencies (yjs store.pendingStructs).</summary>
internal sealed class PendingStructs(Dictionary<uint, long> missing, byte[] update)
{
    public Dictionary<uint, long> Missing { get; } = missing;

    public byte[] Update { get; set; } = update;
}
