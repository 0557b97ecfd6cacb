using P2PClinic.Crdt;

namespace P2PClinic.Sdk.Internal;

/// <summary>
/// Writes a whole list as its differences from a shared array, so that what other peers did to the same array
/// at the same time merges element by element: kept elements are not touched (a concurrent edit of them stands),
/// removed ones are deleted one by one (a concurrent addition next to them stands), added ones are inserted.
/// </summary>
internal static class ListWrite
{
    /// <summary>Applies <paramref name="desired"/> to <paramref name="array"/>; true when the array changed.</summary>
    /// <param name="array">The shared array, integrated in a document.</param>
    /// <param name="desired">The list wanted, in order.</param>
    /// <param name="read">The element a stored value is, or null for one this version cannot read (left alone).</param>
    /// <param name="identity">Which element an element is, for editing in place; null: only exact matches are kept.</param>
    /// <param name="toShared">The value to insert for an element.</param>
    /// <param name="editInPlace">Rewrites a stored shared value from the stored element to the desired one; true when it wrote.</param>
    public static bool Apply<T>(
        YArray array,
        IReadOnlyList<T> desired,
        Func<object?, T?> read,
        Func<T, string?> identity,
        Func<T, object> toShared,
        Func<object?, T, T, bool>? editInPlace)
        where T : class
    {
        if (array.Length == 0)
        {
            // A new record's list (or one emptied before): nothing to match, the wanted elements go in as one insert.
            return Append(array, desired, toShared);
        }

        var stored = array.ToArray();
        var current = new T?[stored.Count];
        for (var i = 0; i < stored.Count; i++)
        {
            current[i] = read(stored[i]);
        }

        var wanted = Distinct(desired);

        var matchOf = new int[wanted.Count];
        System.Array.Fill(matchOf, -1);
        var taken = new bool[stored.Count];

        // Equal elements first: an unchanged list matches itself whole and writes nothing.
        for (var j = 0; j < wanted.Count; j++)
        {
            for (var i = 0; i < stored.Count; i++)
            {
                if (!taken[i] && current[i] is { } c && c.Equals(wanted[j]))
                {
                    (matchOf[j], taken[i]) = (i, true);
                    break;
                }
            }
        }

        // Then the same element changed (an email relabeled): edited in place, so a concurrent removal still wins.
        var edits = new bool[wanted.Count];
        for (var j = 0; j < wanted.Count; j++)
        {
            if (matchOf[j] >= 0 || editInPlace is null || identity(wanted[j]) is not { } id)
            {
                continue;
            }

            for (var i = 0; i < stored.Count; i++)
            {
                if (!taken[i] && current[i] is { } c && identity(c) == id)
                {
                    (matchOf[j], taken[i], edits[j]) = (i, true, true);
                    break;
                }
            }
        }

        // Matched elements out of order are moved (removed and added again); the longest run in order stays.
        var stable = StableMatches(matchOf);
        var remove = new bool[stored.Count];
        for (var i = 0; i < stored.Count; i++)
        {
            remove[i] = current[i] is not null && !taken[i];
        }

        for (var j = 0; j < wanted.Count; j++)
        {
            if (matchOf[j] >= 0 && !stable[j])
            {
                remove[matchOf[j]] = true;
                matchOf[j] = -1;
            }
        }

        var changed = false;
        for (var i = stored.Count - 1; i >= 0; i--)
        {
            if (!remove[i])
            {
                continue;
            }

            var start = i;
            while (start > 0 && remove[start - 1])
            {
                start--;
            }

            array.Delete(start, i - start + 1);
            changed = true;
            i = start;
        }

        var elementAt = new int[stored.Count];
        System.Array.Fill(elementAt, -1);
        for (var j = 0; j < wanted.Count; j++)
        {
            if (matchOf[j] < 0)
            {
                continue;
            }

            elementAt[matchOf[j]] = j;
            if (edits[j])
            {
                changed |= editInPlace!(stored[matchOf[j]], current[matchOf[j]]!, wanted[j]);
            }
        }

        // What remains, in order: wanted indexes of kept elements, -1 for values this version cannot read.
        var mirror = new List<int>(wanted.Count + stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            if (!remove[i])
            {
                mirror.Add(elementAt[i]);
            }
        }

        var cursor = 0;
        var pending = new List<int>();
        void Flush()
        {
            if (pending.Count == 0)
            {
                return;
            }

            array.Insert(cursor, [.. pending.Select(j => toShared(wanted[j]))]);
            mirror.InsertRange(cursor, pending);
            cursor += pending.Count;
            pending.Clear();
            changed = true;
        }

        for (var j = 0; j < wanted.Count; j++)
        {
            if (matchOf[j] < 0)
            {
                pending.Add(j);
                continue;
            }

            Flush();
            cursor = mirror.IndexOf(j) + 1;
        }

        Flush();
        return changed;
    }

    private static bool Append<T>(YArray array, IReadOnlyList<T> desired, Func<T, object> toShared)
        where T : class
    {
        if (desired.Count == 0)
        {
            return false;
        }

        array.Insert(0, [.. Distinct(desired).Select(toShared)]);
        return true;
    }

    /// <summary>The read side shows equal elements once, so the list written holds each once too.</summary>
    private static List<T> Distinct<T>(IReadOnlyList<T> desired)
        where T : class
    {
        var wanted = new List<T>(desired.Count);
        foreach (var element in desired)
        {
            if (!wanted.Contains(element))
            {
                wanted.Add(element);
            }
        }

        return wanted;
    }

    /// <summary>Which matches form the longest run whose stored positions increase (patience sorting).</summary>
    private static bool[] StableMatches(int[] matchOf)
    {
        var stable = new bool[matchOf.Length];
        var tails = new List<int>();
        var previous = new int[matchOf.Length];
        foreach (var j in Enumerable.Range(0, matchOf.Length).Where(j => matchOf[j] >= 0))
        {
            int lo = 0, hi = tails.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (matchOf[tails[mid]] < matchOf[j])
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            previous[j] = lo > 0 ? tails[lo - 1] : -1;
            if (lo == tails.Count)
            {
                tails.Add(j);
            }
            else
            {
                tails[lo] = j;
            }
        }

        for (var j = tails.Count > 0 ? tails[^1] : -1; j >= 0; j = previous[j])
        {
            stable[j] = true;
        }

        return stable;
    }
}
