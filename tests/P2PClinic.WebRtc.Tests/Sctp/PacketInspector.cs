using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>Reads captured packets with the production parser, to see what an association sent.</summary>
internal static class PacketInspector
{
    public static List<SctpChunkType> ChunkTypes(byte[] packet)
    {
        List<SctpChunkType> types = [];
        if (SctpPacketReader.TryRead(packet, out var reader))
        {
            while (reader.MoveNext())
            {
                types.Add(reader.Current.Type);
            }
        }

        return types;
    }

    public static bool Contains(byte[] packet, SctpChunkType type) => ChunkTypes(packet).Contains(type);

    public static uint VerificationTag(byte[] packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4));

    /// <summary>The value of the first chunk of the given type.</summary>
    public static byte[]? ChunkValue(byte[] packet, SctpChunkType type)
    {
        if (SctpPacketReader.TryRead(packet, out var reader))
        {
            while (reader.MoveNext())
            {
                if (reader.Current.Type == type)
                {
                    return reader.Current.Value.ToArray();
                }
            }
        }

        return null;
    }
}
