using System.Buffers.Binary;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// The per-org bookkeeping kept in the <c>docstate</c> column family, written in the same batch as
/// every append so it never disagrees with the log.
/// "Records since compaction" counts every record of the log (a merged record is one); "bytes since
/// compaction" counts only what was appended after the last compaction.
/// Layout: version (1 byte) | next sequence (int64 BE) | records since compaction (int64 BE) |
/// bytes since compaction (int64 BE) | state vector (rest).
/// </summary>
internal sealed record DocState(long NextSequence, long UpdatesSinceCompaction, long BytesSinceCompaction, byte[] StateVector)
{
    private const byte FormatVersion = 1;
    private const int HeaderLength = 1 + (3 * sizeof(long));

    public static DocState Empty { get; } = new(0, 0, 0, []);

    public byte[] Encode()
    {
        var bytes = new byte[HeaderLength + StateVector.Length];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), NextSequence);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(9), UpdatesSinceCompaction);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(17), BytesSinceCompaction);
        StateVector.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    public static DocState Decode(Guid orgId, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            throw new StoreCorruptionException(
                $"The document state of org {orgId} is damaged ({bytes.Length} bytes, format {(bytes.IsEmpty ? "none" : bytes[0])}).");
        }

        var state = new DocState(
            BinaryPrimitives.ReadInt64BigEndian(bytes[1..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[9..]),
            BinaryPrimitives.ReadInt64BigEndian(bytes[17..]),
            bytes[HeaderLength..].ToArray());
        if (state.NextSequence < 0 || state.UpdatesSinceCompaction < 0 || state.BytesSinceCompaction < 0)
        {
            throw new StoreCorruptionException($"The document state of org {orgId} holds negative counters.");
        }

        return state;
    }
}
