using System.Buffers;
using System.Buffers.Binary;

namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>
/// Builds one outgoing SCTP packet in a pooled buffer: common header, then chunks padded to
/// 4 bytes (RFC 9260 section 3). <see cref="Finish"/> seals it with the CRC32c.
/// </summary>
internal sealed class SctpPacketWriter
{
    private int _chunkStart = -1;

    public SctpPacketWriter(int capacity, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        Buffer = ArrayPool<byte>.Shared.Rent(capacity);
        Capacity = capacity;
        BinaryPrimitives.WriteUInt16BigEndian(Buffer, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(Buffer.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(4), verificationTag);
        BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(8), 0);
        Length = SctpConstants.CommonHeaderLength;
    }

    public byte[] Buffer { get; }

    public int Capacity { get; }

    public int Length { get; private set; }

    public int Remaining => Capacity - Length;

    public bool HasChunks => Length > SctpConstants.CommonHeaderLength;

    /// <summary>Bytes a chunk with a value of <paramref name="valueLength"/> bytes takes, padding included.</summary>
    public static int ChunkSize(int valueLength) => (SctpConstants.ChunkHeaderLength + valueLength + 3) & ~3;

    public void BeginChunk(SctpChunkType type, byte flags)
    {
        _chunkStart = Length;
        Buffer[Length] = (byte)type;
        Buffer[Length + 1] = flags;
        Length += SctpConstants.ChunkHeaderLength;
    }

    public void WriteByte(byte value) => Buffer[Length++] = value;

    public void WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(Buffer.AsSpan(Length), value);
        Length += 2;
    }

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32BigEndian(Buffer.AsSpan(Length), value);
        Length += 4;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Buffer.AsSpan(Length));
        Length += value.Length;
    }

    /// <summary>Writes a TLV parameter (RFC 9260 section 3.2.1), padded.</summary>
    public void WriteParameter(ushort type, ReadOnlySpan<byte> value)
    {
        WriteUInt16(type);
        WriteUInt16((ushort)(4 + value.Length));
        WriteBytes(value);
        Pad();
    }

    public void EndChunk()
    {
        var length = Length - _chunkStart;
        BinaryPrimitives.WriteUInt16BigEndian(Buffer.AsSpan(_chunkStart + 2), (ushort)length);
        Pad();
        _chunkStart = -1;
    }

    /// <summary>Seals the packet; the caller owns <see cref="Buffer"/> afterwards and returns it to the pool.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        Crc32c.Seal(Buffer.AsSpan(0, Length));
        return Buffer.AsMemory(0, Length);
    }

    private void Pad()
    {
        while ((Length & 3) != 0)
        {
            Buffer[Length++] = 0;
        }
    }
}
