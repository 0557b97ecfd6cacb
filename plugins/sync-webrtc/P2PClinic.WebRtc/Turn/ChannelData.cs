using System.Buffers.Binary;

namespace P2PClinic.WebRtc.Turn;

/// <summary>
/// The ChannelData message (RFC 8656 section 12.4): channel number (2, 0x4000-0x4FFF), length (2), application data.
/// Over UDP no padding follows (section 12.5); its first byte 64-79 tells it apart from STUN and DTLS (RFC 7983).
/// </summary>
internal static class ChannelData
{
    public const int HeaderLength = 4;
    public const ushort FirstChannel = 0x4000;
    public const ushort LastChannel = 0x4FFF;

    public static bool IsChannelData(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderLength && datagram[0] is >= 0x40 and <= 0x4F;

    public static byte[] Encode(ushort channel, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), checked((ushort)payload.Length));
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>Reads a frame; false for one whose length field exceeds the datagram (RFC 8656 section 12.6: discard it).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> datagram, out ushort channel, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        channel = 0;
        if (!IsChannelData(datagram))
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if (HeaderLength + length > datagram.Length)
        {
            return false;
        }

        payload = datagram.Slice(HeaderLength, length);
        return true;
    }
}
