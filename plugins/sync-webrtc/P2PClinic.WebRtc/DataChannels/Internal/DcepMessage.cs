using System.Buffers.Binary;
using System.Text;

namespace P2PClinic.WebRtc.DataChannels.Internal;

/// <summary>DCEP message types (RFC 8832 section 8.2.1).</summary>
internal enum DcepMessageType : byte
{
    Ack = 0x02,
    Open = 0x03,
}

/// <summary>A parsed DATA_CHANNEL_OPEN (RFC 8832 section 5.1).</summary>
internal sealed record DcepOpen(byte ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol)
{
    /// <summary>Channel types with the high bit set deliver unordered (RFC 8832 section 8.2.2).</summary>
    public const byte ReliableOrdered = 0x00, ReliableUnordered = 0x80;

    private const int FixedLength = 12;

    public bool Ordered => (ChannelType & 0x80) == 0;

    public byte[] Encode()
    {
        var label = Encoding.UTF8.GetBytes(Label);
        var protocol = Encoding.UTF8.GetBytes(Protocol);
        var message = new byte[FixedLength + label.Length + protocol.Length];
        message[0] = (byte)DcepMessageType.Open;
        message[1] = ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), Priority);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(8), (ushort)label.Length);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(10), (ushort)protocol.Length);
        label.CopyTo(message.AsSpan(FixedLength));
        protocol.CopyTo(message.AsSpan(FixedLength + label.Length));
        return message;
    }

    /// <summary>Parses an OPEN; false for anything truncated, over-long or not valid UTF-8.</summary>
    public static bool TryParse(ReadOnlySpan<byte> message, out DcepOpen? open)
    {
        open = null;
        if (message.Length < FixedLength || message[0] != (byte)DcepMessageType.Open)
        {
            return false;
        }

        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (message.Length != FixedLength + labelLength + protocolLength)
        {
            return false;
        }

        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        try
        {
            open = new DcepOpen(
                message[1],
                BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
                BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
                strict.GetString(message.Slice(FixedLength, labelLength)),
                strict.GetString(message.Slice(FixedLength + labelLength, protocolLength)));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Largest label or protocol the 16-bit length fields allow.</summary>
    public const int MaxFieldBytes = ushort.MaxValue;
}
