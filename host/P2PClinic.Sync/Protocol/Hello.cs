using System.Buffers.Binary;

namespace P2PClinic.Sync.Protocol;

/// <summary>
/// The first frame each side sends on a link: <c>0x01 || "P2PS" || min version (u8) || max version (u8) ||
/// capabilities (u32, big-endian)</c>, 11 bytes. Unknown capability bits are ignored.
/// </summary>
internal readonly record struct Hello(byte MinVersion, byte MaxVersion, uint Capabilities)
{
    public const int Length = 11;

    /// <summary>The one protocol version this node speaks.</summary>
    public const byte CurrentVersion = 1;

    private static ReadOnlySpan<byte> Magic => "P2PS"u8;

    public static Hello Ours => new(CurrentVersion, CurrentVersion, 0);

    public byte[] Encode()
    {
        var frame = new byte[Length];
        frame[0] = (byte)FrameKind.Hello;
        Magic.CopyTo(frame.AsSpan(1));
        frame[5] = MinVersion;
        frame[6] = MaxVersion;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(7), Capabilities);
        return frame;
    }

    /// <exception cref="SyncProtocolException">The frame is not a well-formed hello.</exception>
    public static Hello Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Length || frame[0] != (byte)FrameKind.Hello || !frame.Slice(1, 4).SequenceEqual(Magic))
        {
            throw new SyncProtocolException($"expected a hello ({Length} bytes starting 01 'P2PS'), got {frame.Length} bytes of kind 0x{(frame.IsEmpty ? 0 : frame[0]):x2}");
        }

        if (frame[5] > frame[6])
        {
            throw new SyncProtocolException($"hello with min version {frame[5]} above max version {frame[6]}");
        }

        return new Hello(frame[5], frame[6], BinaryPrimitives.ReadUInt32BigEndian(frame[7..]));
    }

    /// <summary>The highest version both sides speak, or null when they share none.</summary>
    public static byte? Negotiate(Hello local, Hello remote)
    {
        var version = Math.Min(local.MaxVersion, remote.MaxVersion);
        return version >= Math.Max(local.MinVersion, remote.MinVersion) ? (byte)version : null;
    }
}
