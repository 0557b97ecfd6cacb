using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>
/// An update read as a flat list of structs in the order written (skips included) plus its delete
/// set, for operating on updates without a document (yjs LazyStructReader).
/// </summary>
internal sealed class FlatUpdate
{
    private int index;

    private FlatUpdate(List<StructBase> structs, DeleteSet deleteSet, bool filterSkips)
    {
        Structs = structs;
        DeleteSet = deleteSet;
        FilterSkips = filterSkips;
        Advance();
    }

    public List<StructBase> Structs { get; }

    public DeleteSet DeleteSet { get; }

    public bool FilterSkips { get; }

    public StructBase? Current { get; private set; }

    public static FlatUpdate Read(ReadOnlySpan<byte> update, bool filterSkips)
    {
        var reader = new Lib0Reader(update.ToArray());
        var structs = new List<StructBase>();
        var clientCount = reader.ReadCount("client count");
        for (var c = 0; c < clientCount; c++)
        {
            var count = reader.ReadCount("struct count");
            var client = reader.ReadClient();
            var clock = reader.ReadClock();
            for (var i = 0; i < count; i++)
            {
                var s = DecodedUpdate.ReadStruct(reader, client, clock);
                clock += s.Length;
                if ((ulong)clock > Lib0Reader.MaxSafeInteger)
                {
                    throw new CrdtFormatException("A struct ends beyond clock 2^53-1.");
                }

                structs.Add(s);
            }
        }

        var ds = DeleteSet.Read(reader);
        return new FlatUpdate(structs, ds, filterSkips);
    }

    public StructBase? Advance()
    {
        do
        {
            Current = index < Structs.Count ? Structs[index++] : null;
        }
        while (FilterSkips && Current is SkipStruct);

        return Current;
    }
}

/// <summary>Writes structs client run by client run, counting them as it goes (yjs LazyStructWriter).</summary>
internal sealed class LazyStructWriter : IDisposable
{
    private readonly List<(int Written, byte[] Bytes)> parts = [];
    private Lib0Writer current = new();
    private uint currentClient;
    private int written;
    private long flushedBytes;

    /// <summary>Bytes of struct data written so far (the counts and the delete set come on top: a few bytes per client run).</summary>
    public long Length => flushedBytes + current.Length;

    /// <summary>The client of the struct written last (meaningful once one was written).</summary>
    public uint LastClient => currentClient;

    /// <summary>Whether any struct was written.</summary>
    public bool IsEmpty => written == 0 && parts.Count == 0;

    public void Write(StructBase s, int offset)
    {
        if (written > 0 && currentClient != s.Id.Client)
        {
            Flush();
        }

        if (written == 0)
        {
            currentClient = s.Id.Client;
            current.WriteVarUint(s.Id.Client);
            current.WriteVarUint((ulong)(s.Id.Clock + offset));
        }

        s.Write(new UpdateWriter(current), offset);
        written++;
    }

    private void Flush()
    {
        if (written > 0)
        {
            parts.Add((written, current.ToArray()));
            flushedBytes += current.Length;
            current.Dispose();
            current = new Lib0Writer();
            written = 0;
        }
    }

    public void Finish(Lib0Writer output)
    {
        Flush();
        output.WriteVarUint((uint)parts.Count);
        foreach (var (count, bytes) in parts)
        {
            output.WriteVarUint((uint)count);
            output.WriteBytes(bytes);
        }
    }

    public void Dispose() => current.Dispose();
}
