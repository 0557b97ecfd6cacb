using System.Buffers.Binary;

namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>One chunk of a received packet; <see cref="Value"/> excludes the chunk header and padding.</summary>
internal readonly ref struct SctpChunk(SctpChunkType type, byte flags, ReadOnlySpan<byte> value)
{
    public SctpChunkType Type { get; } = type;

    public byte Flags { get; } = flags;

    public ReadOnlySpan<byte> Value { get; } = value;
}

/// <summary>
/// Validates and walks a received SCTP packet (RFC 9260 section 3). The whole chunk layout is
/// checked before any chunk is handed out, so a packet is processed entirely or not at all.
/// </summary>
internal ref struct SctpPacketReader
{
    private ReadOnlySpan<byte> _remaining;

    private SctpPacketReader(ReadOnlySpan<byte> chunks, ushort sourcePort, ushort destinationPort, uint verificationTag, int chunkCount)
    {
        _remaining = chunks;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        VerificationTag = verificationTag;
        ChunkCount = chunkCount;
        Current = default;
    }

    public ushort SourcePort { get; }

    public ushort DestinationPort { get; }

    public uint VerificationTag { get; }

    public int ChunkCount { get; }

    public SctpChunk Current { get; private set; }

    /// <summary>Parses the common header, checks the CRC32c and the chunk layout; false for anything malformed.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, out SctpPacketReader reader)
    {
        reader = default;
        if (packet.Length < SctpConstants.CommonHeaderLength + SctpConstants.ChunkHeaderLength || !Crc32c.IsValid(packet))
        {
            return false;
        }

        var chunks = packet[SctpConstants.CommonHeaderLength..];
        var count = 0;
        var probe = chunks;
        while (!probe.IsEmpty)
        {
            if (!TrySplit(ref probe))
            {
                return false;
            }

            count++;
        }

        reader = new SctpPacketReader(
            chunks,
            BinaryPrimitives.ReadUInt16BigEndian(packet),
            BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(packet[4..]),
            count);
        return true;
    }

    /// <summary>The type of the first chunk, used for the verification-tag rules of RFC 9260 section 8.5.1.</summary>
    public readonly SctpChunkType FirstChunkType => (SctpChunkType)_remaining[0];

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        // The layout was validated in TryRead.
        int length = BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]);
        Current = new SctpChunk((SctpChunkType)_remaining[0], _remaining[1], _remaining[SctpConstants.ChunkHeaderLength..length]);
        _remaining = _remaining[Math.Min((length + 3) & ~3, _remaining.Length)..];
        return true;
    }

    private static bool TrySplit(ref ReadOnlySpan<byte> chunks)
    {
        if (chunks.Length < SctpConstants.ChunkHeaderLength)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(chunks[2..]);
        if (length < SctpConstants.ChunkHeaderLength || length > chunks.Length)
        {
            return false;
        }

        // Chunks are padded to 4 bytes (RFC 9260 section 3.2); a last chunk without padding is tolerated.
        var padded = (length + 3) & ~3;
        chunks = chunks[Math.Min(padded, chunks.Length)..];
        return true;
    }
}
