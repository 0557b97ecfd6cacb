namespace P2PClinic.Storage.Tests.Fixtures;

/// <summary>
/// Reads RocksDB's WriteBatch representation (db/write_batch.cc): 8-byte sequence, 4-byte count, then per record
/// a tag (db/dbformat.h ValueType), a varint32 column family id for the ColumnFamily* tags, and varint32-length
/// prefixed key and value (or begin and end key for a range deletion).
/// </summary>
public static class WriteBatchRecords
{
    public enum Kind
    {
        Put,
        Delete,
        DeleteRange,
    }

    public sealed record Operation(Kind Kind, uint Family, byte[] Key, byte[] Value)
    {
        public bool Equals(Operation? other) =>
            other is not null && Kind == other.Kind && Family == other.Family && Key.AsSpan().SequenceEqual(other.Key) && Value.AsSpan().SequenceEqual(other.Value);

        public override int GetHashCode() => HashCode.Combine(Kind, Family, Key.Length, Value.Length);
    }

    public static IReadOnlyList<Operation> Read(byte[] rep)
    {
        var operations = new List<Operation>();
        var offset = 12;
        while (offset < rep.Length)
        {
            var tag = rep[offset++];
            (Kind kind, bool hasFamily, bool hasValue) = tag switch
            {
                0x1 => (Kind.Put, false, true),
                0x5 => (Kind.Put, true, true),
                0x0 => (Kind.Delete, false, false),
                0x4 => (Kind.Delete, true, false),
                0xF => (Kind.DeleteRange, false, true),
                0xE => (Kind.DeleteRange, true, true),
                _ => throw new InvalidDataException($"write batch tag 0x{tag:x} is not one the store writes"),
            };
            var family = hasFamily ? ReadVarint(rep, ref offset) : 0u;
            var key = ReadSlice(rep, ref offset);
            var value = hasValue ? ReadSlice(rep, ref offset) : [];
            operations.Add(new Operation(kind, family, key, value));
        }

        return operations;
    }

    private static byte[] ReadSlice(byte[] rep, ref int offset)
    {
        var length = (int)ReadVarint(rep, ref offset);
        var slice = rep.AsSpan(offset, length).ToArray();
        offset += length;
        return slice;
    }

    private static uint ReadVarint(byte[] rep, ref int offset)
    {
        uint value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = rep[offset++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
