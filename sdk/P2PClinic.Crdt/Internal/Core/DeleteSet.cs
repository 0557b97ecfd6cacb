using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>A run of deleted clocks of one client.</summary>
internal struct DeleteRange(long clock, long length)
{
    public long Clock = clock;
    public long Length = length;
}

/// <summary>
/// Which clock ranges of which clients are deleted (yjs DeleteSet). Deletions are not structs:
/// they travel as this compact set, sorted and merged before encoding.
/// </summary>
internal sealed class DeleteSet
{
    private Stack<List<DeleteRange>>? spareRanges;

    public Dictionary<uint, List<DeleteRange>> Clients { get; } = [];

    public bool IsEmpty => Clients.Count == 0;

    public void Add(uint client, long clock, long length)
    {
        if (!Clients.TryGetValue(client, out var ranges))
        {
            ranges = spareRanges is not null && spareRanges.TryPop(out var spare) ? spare : new List<DeleteRange>(1);
            Clients[client] = ranges;
        }

        ranges.Add(new DeleteRange(clock, length));
    }

    /// <summary>Empties the set, keeping its small range lists for the next <see cref="Add"/> (a transaction's set is reused, see TransactionParts).</summary>
    public void Recycle()
    {
        foreach (var ranges in Clients.Values)
        {
            if (ranges.Capacity <= 16)
            {
                ranges.Clear();
                (spareRanges ??= new Stack<List<DeleteRange>>()).Push(ranges);
            }
        }

        Clients.Clear();
    }

    /// <summary>yjs sortAndMergeDeleteSet: sort each client's ranges and join overlapping or touching ones.</summary>
    public void SortAndMerge()
    {
        foreach (var ranges in Clients.Values)
        {
            ranges.Sort(static (a, b) => a.Clock.CompareTo(b.Clock));
            int i, j;
            for (i = 1, j = 1; i < ranges.Count; i++)
            {
                var left = ranges[j - 1];
                var right = ranges[i];
                if (left.Clock + left.Length >= right.Clock)
                {
                    left.Length = Math.Max(left.Length, right.Clock + right.Length - left.Clock);
                    ranges[j - 1] = left;
                }
                else
                {
                    if (j < i)
                    {
                        ranges[j] = right;
                    }

                    j++;
                }
            }

            ranges.RemoveRange(j, ranges.Count - j);
        }
    }

    public bool IsDeleted(Id id)
    {
        if (!Clients.TryGetValue(id.Client, out var ranges))
        {
            return false;
        }

        var lo = 0;
        var hi = ranges.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var r = ranges[mid];
            if (r.Clock <= id.Clock)
            {
                if (id.Clock < r.Clock + r.Length)
                {
                    return true;
                }

                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return false;
    }

    /// <summary>The delete set part of an update v1: clients by descending id, each with (clock, length) pairs.</summary>
    public void Write(Lib0Writer writer)
    {
        writer.WriteVarUint((uint)Clients.Count);
        foreach (var client in SortedClientsDescending(Clients.Keys))
        {
            var ranges = Clients[client];
            writer.WriteVarUint(client);
            writer.WriteVarUint((uint)ranges.Count);
            foreach (var r in ranges)
            {
                writer.WriteVarUint((ulong)r.Clock);
                writer.WriteVarUint((ulong)r.Length);
            }
        }
    }

    /// <summary>Reads a delete set, validating every range; duplicate client entries are appended.</summary>
    public static DeleteSet Read(Lib0Reader reader)
    {
        var ds = new DeleteSet();
        var clientCount = reader.ReadCount("delete set client count");
        for (var i = 0; i < clientCount; i++)
        {
            var client = reader.ReadClient();
            var count = reader.ReadCount("delete range count");
            if (count == 0)
            {
                continue;
            }

            for (var j = 0; j < count; j++)
            {
                var clock = reader.ReadClock();
                var length = reader.ReadClock();
                if ((ulong)(clock + length) > Lib0Reader.MaxSafeInteger)
                {
                    throw new CrdtFormatException("A deleted range ends beyond 2^53-1.");
                }

                if (!ds.Clients.TryGetValue(client, out var ranges))
                {
                    ranges = [];
                    ds.Clients[client] = ranges;
                }

                ranges.Add(new DeleteRange(clock, length));
            }
        }

        return ds;
    }

    /// <summary>yjs mergeDeleteSets: all ranges of all sets, sorted and merged per client.</summary>
    public static DeleteSet MergeAll(IReadOnlyList<DeleteSet> sets)
    {
        var merged = new DeleteSet();
        foreach (var set in sets)
        {
            foreach (var (client, ranges) in set.Clients)
            {
                if (!merged.Clients.TryGetValue(client, out var into))
                {
                    into = [];
                    merged.Clients[client] = into;
                }

                into.AddRange(ranges);
            }
        }

        merged.SortAndMerge();
        return merged;
    }

    public static List<uint> SortedClientsDescending(IEnumerable<uint> clients)
    {
        var list = new List<uint>(clients);
        list.Sort(static (a, b) => b.CompareTo(a));
        return list;
    }
}
