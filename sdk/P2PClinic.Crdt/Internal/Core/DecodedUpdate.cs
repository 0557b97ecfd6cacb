using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>
/// An update v1 decoded into structs and a delete set, fully validated before any of it touches a
/// document: lengths, clock ranges, content and the references a struct makes to its own client.
/// </summary>
internal sealed class DecodedUpdate
{
    private DecodedUpdate(Dictionary<uint, List<StructBase>> structs, DeleteSet deleteSet)
    {
        Structs = structs;
        DeleteSet = deleteSet;
    }

    /// <summary>Structs per client in the order the update lists the clients.</summary>
    public Dictionary<uint, List<StructBase>> Structs { get; }

    public DeleteSet DeleteSet { get; }

    public static DecodedUpdate Decode(byte[] update)
    {
        try
        {
            var reader = new Lib0Reader(update);
            var structs = ReadStructs(reader);
            var ds = DeleteSet.Read(reader);
            return new DecodedUpdate(structs, ds);
        }
        catch (ArgumentException e)
        {
            throw new CrdtFormatException("The update is malformed: " + e.Message, e);
        }
    }

    private static Dictionary<uint, List<StructBase>> ReadStructs(Lib0Reader reader)
    {
        var result = new Dictionary<uint, List<StructBase>>();
        var clientCount = reader.ReadCount("client count");
        for (var c = 0; c < clientCount; c++)
        {
            var count = reader.ReadCount("struct count");
            var client = reader.ReadClient();
            var clock = reader.ReadClock();
            var refs = new List<StructBase>(count);
            for (var i = 0; i < count; i++)
            {
                var s = ReadStruct(reader, client, clock);
                clock += s.Length;
                if ((ulong)clock > Lib0Reader.MaxSafeInteger)
                {
                    throw new CrdtFormatException("A struct ends beyond clock 2^53-1.");
                }

                refs.Add(s);
            }

            // As in yjs, a client listed twice keeps its last block.
            result[client] = refs;
        }

        return result;
    }

    /// <summary>Reads one struct (yjs readClientsStructRefs, one step).</summary>
    public static StructBase ReadStruct(Lib0Reader reader, uint client, long clock)
    {
        var info = reader.ReadByte();
        var id = new Id(client, clock);
        switch (info & 0x1F)
        {
            case GcStruct.Ref:
                return new GcStruct(id, PositiveLength(reader, "GC length"));
            case SkipStruct.Ref:
                return new SkipStruct(id, PositiveLength(reader, "skip length"));
            default:
                {
                    Id? origin = (info & 0x80) != 0 ? ReadId(reader) : null;
                    Id? rightOrigin = (info & 0x40) != 0 ? ReadId(reader) : null;
                    string? parentKey = null;
                    Id? parentId = null;
                    string? parentSub = null;
                    var cantCopyParentInfo = (info & 0xC0) == 0;
                    if (cantCopyParentInfo)
                    {
                        if (reader.ReadVarUint() == 1)
                        {
                            parentKey = reader.ReadVarString();
                        }
                        else
                        {
                            parentId = ReadId(reader);
                        }

                        if ((info & 0x20) != 0)
                        {
                            parentSub = reader.ReadVarString();
                        }
                    }

                    var content = Content.Read(reader, info & 0x1F);
                    CheckOwnReference(origin, id, "origin");
                    CheckOwnReference(rightOrigin, id, "right origin");
                    CheckOwnReference(parentId, id, "parent");
                    return new Item(id, null, origin, null, rightOrigin, null, parentSub, content)
                    {
                        ParentKey = parentKey,
                        ParentId = parentId,
                    };
                }
        }
    }

    private static int PositiveLength(Lib0Reader reader, string what)
    {
        var length = reader.ReadLength(what);
        if (length == 0)
        {
            throw new CrdtFormatException($"A struct has {what} 0.");
        }

        return length;
    }

    private static Id ReadId(Lib0Reader reader) => new(reader.ReadClient(), reader.ReadClock());

    /// <summary>A struct can only refer to earlier clocks of its own client.</summary>
    private static void CheckOwnReference(Id? reference, Id self, string what)
    {
        if (reference is { } r && r.Client == self.Client && r.Clock >= self.Clock)
        {
            throw new CrdtFormatException($"The struct {self.Client}:{self.Clock} refers to its {what} {r.Client}:{r.Clock}, which is not earlier.");
        }
    }
}
