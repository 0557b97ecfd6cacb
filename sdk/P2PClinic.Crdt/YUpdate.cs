using P2PClinic.Crdt.Internal;
using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt;

/// <summary>
/// Operations on encoded Yjs v1 updates without a document, producing the same bytes as yjs's
/// <c>mergeUpdates</c>, <c>diffUpdate</c> and <c>encodeStateVectorFromUpdate</c>.
/// </summary>
public static class YUpdate
{
    /// <summary>One update holding everything the given updates hold; gaps become skips.</summary>
    public static byte[] Merge(IReadOnlyList<byte[]> updates)
    {
        ArgumentNullException.ThrowIfNull(updates);
        if (updates.Count == 1)
        {
            // Still validated, as every other path is.
            _ = FlatUpdate.Read(updates[0], filterSkips: true);
            return updates[0];
        }

        var readers = new List<FlatUpdate>(updates.Count);
        foreach (var u in updates)
        {
            readers.Add(FlatUpdate.Read(u, filterSkips: true));
        }

        var decoders = new List<FlatUpdate>(readers);
        StructBase? currWrite = null;
        var currOffset = 0;
        using var lazy = new LazyStructWriter();
        while (true)
        {
            decoders.RemoveAll(static d => d.Current is null);
            SortDecoders(decoders);
            if (decoders.Count == 0)
            {
                break;
            }

            var currDecoder = decoders[0];
            var firstClient = currDecoder.Current!.Id.Client;
            if (currWrite is not null)
            {
                var curr = currDecoder.Current;
                var iterated = false;
                while (curr is not null && curr.EndClock <= currWrite.EndClock && curr.Id.Client >= currWrite.Id.Client)
                {
                    curr = currDecoder.Advance();
                    iterated = true;
                }

                if (curr is null || curr.Id.Client != firstClient || (iterated && curr.Id.Clock > currWrite.EndClock))
                {
                    continue;
                }

                if (firstClient != currWrite.Id.Client)
                {
                    lazy.Write(currWrite, currOffset);
                    currWrite = curr;
                    currOffset = 0;
                    currDecoder.Advance();
                }
                else if (currWrite.EndClock < curr.Id.Clock)
                {
                    // A gap: fill it with a skip.
                    if (currWrite is SkipStruct)
                    {
                        currWrite.Length = SkipLength(curr.EndClock - currWrite.Id.Clock, firstClient);
                    }
                    else
                    {
                        lazy.Write(currWrite, currOffset);
                        var diff = curr.Id.Clock - currWrite.EndClock;
                        currWrite = new SkipStruct(new Id(firstClient, currWrite.EndClock), SkipLength(diff, firstClient));
                        currOffset = 0;
                    }
                }
                else
                {
                    var diff = (int)(currWrite.EndClock - curr.Id.Clock);
                    if (diff > 0)
                    {
                        if (currWrite is SkipStruct)
                        {
                            currWrite.Length -= diff;
                        }
                        else
                        {
                            curr = SliceStruct(curr, diff);
                        }
                    }

                    if (!currWrite.MergeWith(curr))
                    {
                        lazy.Write(currWrite, currOffset);
                        currWrite = curr;
                        currOffset = 0;
                        currDecoder.Advance();
                    }
                }
            }
            else
            {
                currWrite = currDecoder.Current;
                currOffset = 0;
                currDecoder.Advance();
            }

            for (var next = currDecoder.Current;
                next is not null && next.Id.Client == firstClient && next.Id.Clock == currWrite!.EndClock && next is not SkipStruct;
                next = currDecoder.Advance())
            {
                lazy.Write(currWrite, currOffset);
                currWrite = next;
                currOffset = 0;
            }
        }

        if (currWrite is not null)
        {
            lazy.Write(currWrite, currOffset);
        }

        using var output = new Lib0Writer();
        lazy.Finish(output);
        var dss = new List<DeleteSet>(readers.Count);
        foreach (var r in readers)
        {
            dss.Add(r.DeleteSet);
        }

        DeleteSet.MergeAll(dss).Write(output);
        return output.ToArray();
    }

    /// <summary>The part of <paramref name="update"/> that a peer with <paramref name="stateVector"/> lacks (deletions are always kept).</summary>
    public static byte[] Diff(ReadOnlySpan<byte> update, ReadOnlySpan<byte> stateVector)
    {
        var state = StateVectorCodec.Decode(stateVector);
        var reader = FlatUpdate.Read(update, filterSkips: false);
        using var lazy = new LazyStructWriter();
        while (reader.Current is { } curr)
        {
            var client = curr.Id.Client;
            var svClock = state.GetValueOrDefault(client);
            if (curr is SkipStruct)
            {
                reader.Advance();
                continue;
            }

            if (curr.EndClock > svClock)
            {
                lazy.Write(curr, (int)Math.Max(svClock - curr.Id.Clock, 0));
                reader.Advance();
                while (reader.Current is { } next && next.Id.Client == client)
                {
                    lazy.Write(next, 0);
                    reader.Advance();
                }
            }
            else
            {
                while (reader.Current is { } next && next.Id.Client == client && next.EndClock <= svClock)
                {
                    reader.Advance();
                }
            }
        }

        using var output = new Lib0Writer();
        lazy.Finish(output);
        reader.DeleteSet.Write(output);
        return output.ToArray();
    }

    /// <summary>
    /// Splits an update into updates of about <paramref name="targetBytes"/> each that, applied in any order, have the
    /// same effect as the whole (a piece whose dependencies come later waits in the document's pending structs, as any
    /// out-of-order update does). Pieces are cut between structs, so one may exceed the target by one struct (a very
    /// long string); the last piece carries the delete set. An update at or under the target comes back as it is.
    /// Used to send a document larger than a peer takes in one message.
    /// </summary>
    public static IReadOnlyList<byte[]> Split(ReadOnlySpan<byte> update, int targetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetBytes, 1);
        if (update.Length <= targetBytes)
        {
            // Still validated, as every other path is.
            _ = FlatUpdate.Read(update, filterSkips: false);
            return [update.ToArray()];
        }

        var reader = FlatUpdate.Read(update, filterSkips: false);
        var pieces = new List<byte[]>();
        var lazy = new LazyStructWriter();
        try
        {
            for (var curr = reader.Current; curr is not null; curr = reader.Advance())
            {
                if (!lazy.IsEmpty && lazy.Length >= targetBytes)
                {
                    pieces.Add(Finish(lazy, new DeleteSet()));
                    lazy.Dispose();
                    lazy = new LazyStructWriter();
                }

                // A piece's run of a client starts at its first real struct: a gap before it needs no skip.
                if (curr is SkipStruct && (lazy.IsEmpty || lazy.LastClient != curr.Id.Client))
                {
                    continue;
                }

                lazy.Write(curr, 0);
            }

            pieces.Add(Finish(lazy, reader.DeleteSet));
            return pieces;
        }
        finally
        {
            lazy.Dispose();
        }

        static byte[] Finish(LazyStructWriter lazy, DeleteSet deleteSet)
        {
            using var output = new Lib0Writer();
            lazy.Finish(output);
            deleteSet.Write(output);
            return output.ToArray();
        }
    }

    /// <summary>The state vector of what an update holds from clock 0 on, without gaps (yjs encodeStateVectorFromUpdate).</summary>
    public static byte[] EncodeStateVectorFromUpdate(ReadOnlySpan<byte> update)
    {
        var reader = FlatUpdate.Read(update, filterSkips: false);
        var entries = new List<(uint Client, long Clock)>();
        if (reader.Current is { } first)
        {
            var currClient = first.Id.Client;
            var stopCounting = first.Id.Clock != 0;
            var currClock = stopCounting ? 0 : first.EndClock;
            for (var curr = reader.Current; curr is not null; curr = reader.Advance())
            {
                if (currClient != curr.Id.Client)
                {
                    if (currClock != 0)
                    {
                        entries.Add((currClient, currClock));
                    }

                    currClient = curr.Id.Client;
                    currClock = 0;
                    stopCounting = curr.Id.Clock != 0;
                }

                if (curr is SkipStruct)
                {
                    stopCounting = true;
                }

                if (!stopCounting)
                {
                    currClock = curr.EndClock;
                }
            }

            if (currClock != 0)
            {
                entries.Add((currClient, currClock));
            }
        }

        using var writer = new Lib0Writer();
        writer.WriteVarUint((uint)entries.Count);
        foreach (var (client, clock) in entries)
        {
            writer.WriteVarUint(client);
            writer.WriteVarUint((ulong)clock);
        }

        return writer.ToArray();
    }

    /// <summary>Decodes a state vector into client → next expected clock.</summary>
    public static IReadOnlyDictionary<uint, long> DecodeStateVector(ReadOnlySpan<byte> stateVector) => StateVectorCodec.Decode(stateVector);

    /// <summary>yjs's comparator: descending client, then ascending clock, a skip after a real struct at the same clock. Stable, as JavaScript's sort is.</summary>
    private static void SortDecoders(List<FlatUpdate> decoders)
    {
        for (var i = 1; i < decoders.Count; i++)
        {
            var d = decoders[i];
            var j = i - 1;
            while (j >= 0 && Compare(decoders[j], d) > 0)
            {
                decoders[j + 1] = decoders[j];
                j--;
            }

            decoders[j + 1] = d;
        }
    }

    private static int Compare(FlatUpdate a, FlatUpdate b)
    {
        var x = a.Current!;
        var y = b.Current!;
        if (x.Id.Client == y.Id.Client)
        {
            var clockDiff = x.Id.Clock.CompareTo(y.Id.Clock);
            if (clockDiff == 0)
            {
                return x.GetType() == y.GetType() ? 0 : x is SkipStruct ? 1 : -1;
            }

            return clockDiff;
        }

        return y.Id.Client.CompareTo(x.Id.Client);
    }

    /// <summary>
    /// The length of a skip that fills a gap between two structs of one client. Struct lengths are
    /// 32-bit here; yjs (JavaScript numbers) would take a longer gap, but no real client makes
    /// 2^31 clocks, and a length cut to 32 bits would make a struct end before it starts (the
    /// merge then never advances: a hang on two 10-byte inputs), so a longer gap is malformed.
    /// </summary>
    private static int SkipLength(long gap, uint client) =>
        gap <= int.MaxValue ? (int)gap : throw new CrdtFormatException($"A gap of {gap} clocks in client {client}'s structs is longer than 2^31-1.");

    private static StructBase SliceStruct(StructBase left, int diff)
    {
        var id = new Id(left.Id.Client, left.Id.Clock + diff);
        return left switch
        {
            GcStruct => new GcStruct(id, left.Length - diff),
            SkipStruct => new SkipStruct(id, left.Length - diff),
            Item item => new Item(id, null, new Id(id.Client, id.Clock - 1), null, item.RightOrigin, item.Parent, item.ParentSub, item.Content.Splice(diff))
            {
                ParentKey = item.ParentKey,
                ParentId = item.ParentId,
            },
            _ => throw new InvalidOperationException("Unknown struct kind."),
        };
    }
}
