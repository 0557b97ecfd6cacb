using System.Buffers.Binary;
using System.Numerics;

namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>The CRC32c (Castagnoli) checksum of an SCTP packet (RFC 9260 section 6.8 and appendix A).</summary>
internal static class Crc32c
{
    /// <summary>Offset of the checksum field in the common header (RFC 9260 section 3.1).</summary>
    public const int ChecksumOffset = 8;

    /// <summary>Computes the packet checksum with the checksum field taken as zero.</summary>
    public static uint ComputePacketChecksum(ReadOnlySpan<byte> packet)
    {
        uint crc = 0xFFFF_FFFF;
        crc = Update(crc, packet[..ChecksumOffset]);
        crc = BitOperations.Crc32C(crc, 0u);
        crc = Update(crc, packet[(ChecksumOffset + 4)..]);
        return ~crc;
    }

    /// <summary>Writes the checksum into a finished packet. Appendix A: the CRC goes on the wire least significant byte first.</summary>
    public static void Seal(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet[ChecksumOffset..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(packet[ChecksumOffset..], ComputePacketChecksum(packet));
    }

    /// <summary>The CRC32c of arbitrary data (for test vectors, RFC 3720 appendix B.4).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFF_FFFF, data);

    public static bool IsValid(ReadOnlySpan<byte> packet)
        => BinaryPrimitives.ReadUInt32LittleEndian(packet[ChecksumOffset..]) == ComputePacketChecksum(packet);

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        // BitOperations.Crc32C uses the SSE4.2 / ARMv8 instruction when present; the CRC is over
        // the little-endian byte stream, so 8-byte words are read little-endian.
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
