using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Internal;

/// <summary>State vectors on the wire: varUint count, then (client, clock) pairs, clients by descending id (yjs writeStateVector).</summary>
internal static class StateVectorCodec
{
    public static byte[] Encode(IReadOnlyDictionary<uint, long> sv)
    {
        using var writer = new Lib0Writer(16 + (sv.Count * 10));
        Write(writer, sv);
        return writer.ToArray();
    }

    public static void Write(Lib0Writer writer, IReadOnlyDictionary<uint, long> sv)
    {
        writer.WriteVarUint((uint)sv.Count);
        foreach (var client in DeleteSet.SortedClientsDescending(sv.Keys))
        {
            writer.WriteVarUint(client);
            writer.WriteVarUint((ulong)sv[client]);
        }
    }

    public static Dictionary<uint, long> Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new Lib0Reader(bytes.ToArray());
        var sv = Read(reader);
        return sv;
    }

    public static Dictionary<uint, long> Read(Lib0Reader reader)
    {
        var count = reader.ReadCount("state vector size");
        var sv = new Dictionary<uint, long>(count);
        for (var i = 0; i < count; i++)
        {
            var client = reader.ReadClient();
            sv[client] = reader.ReadClock();
        }

        return sv;
    }
}
