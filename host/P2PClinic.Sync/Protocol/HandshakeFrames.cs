using System.Text;

namespace P2PClinic.Sync.Protocol;

/// <summary>The clear frames after the hello: the SPAKE2 share, the key confirmation and a refusal.</summary>
internal static class HandshakeFrames
{
    /// <summary>An uncompressed SEC1 P-256 point.</summary>
    public const int ShareLength = 65;

    /// <summary>HMAC-SHA256.</summary>
    public const int ConfirmLength = 32;

    /// <summary>The longest refusal reason read or written, in UTF-8 bytes.</summary>
    public const int MaxReasonBytes = 200;

    /// <summary>No clear frame is longer than this: anything larger before authentication closes the link.</summary>
    public const int MaxClearFrame = 1 + 1 + MaxReasonBytes;

    public static byte[] Share(ReadOnlySpan<byte> point) => Frame(FrameKind.Spake2Share, point, ShareLength);

    public static byte[] Confirm(ReadOnlySpan<byte> mac) => Frame(FrameKind.Confirm, mac, ConfirmLength);

    public static byte[] Refuse(RefuseCode code, string reason) => WithReason(FrameKind.Refuse, code, reason);

    /// <summary><c>kind || code (u8) || reason (UTF-8, at most 200 bytes)</c>: the layout of Refuse and of a Close's plaintext.</summary>
    public static byte[] WithReason(FrameKind kind, RefuseCode code, string reason)
    {
        var text = Encoding.UTF8.GetBytes(reason);
        var length = Math.Min(text.Length, MaxReasonBytes);
        var frame = new byte[2 + length];
        frame[0] = (byte)kind;
        frame[1] = (byte)code;
        text.AsSpan(0, length).CopyTo(frame.AsSpan(2));
        return frame;
    }

    /// <summary>Reads the body of a frame that must be of <paramref name="expected"/> kind and fixed length; a refusal instead throws <see cref="PeerRefusedException"/>.</summary>
    public static ReadOnlySpan<byte> Expect(ReadOnlySpan<byte> frame, FrameKind expected, int bodyLength)
    {
        if (!frame.IsEmpty && frame[0] == (byte)FrameKind.Refuse)
        {
            throw ReadRefusal(frame);
        }

        if (frame.Length != 1 + bodyLength || frame[0] != (byte)expected)
        {
            throw new SyncProtocolException($"expected {expected} ({1 + bodyLength} bytes), got {frame.Length} bytes of kind 0x{(frame.IsEmpty ? 0 : frame[0]):x2}");
        }

        return frame[1..];
    }

    public static PeerRefusedException ReadRefusal(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < 2 || frame.Length > MaxClearFrame)
        {
            throw new SyncProtocolException($"malformed refusal of {frame.Length} bytes");
        }

        var reason = Encoding.UTF8.GetString(frame[2..]);
        return new PeerRefusedException((RefuseCode)frame[1], reason);
    }

    private static byte[] Frame(FrameKind kind, ReadOnlySpan<byte> body, int length)
    {
        if (body.Length != length)
        {
            throw new ArgumentException($"{kind} carries {length} bytes, not {body.Length}");
        }

        var frame = new byte[1 + length];
        frame[0] = (byte)kind;
        body.CopyTo(frame.AsSpan(1));
        return frame;
    }
}

/// <summary>The peer refused the link (a Refuse frame, or a sealed Close).</summary>
internal sealed class PeerRefusedException(RefuseCode code, string reason) : Exception($"the peer refused: {code} ({reason})")
{
    public RefuseCode Code { get; } = code;

    public string Reason { get; } = reason;
}
