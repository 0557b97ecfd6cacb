using System.Buffers.Binary;
using System.Security.Cryptography;

namespace P2PClinic.Sync.Protocol;

/// <summary>
/// Seals and opens the frames of one direction of a link: <c>kind || AES-256-GCM(key, nonce, plaintext, AAD = kind)</c>
/// (ciphertext then the 16-byte tag), the nonce being 4 zero bytes and the 64-bit big-endian count of frames sealed
/// before in this direction. The receiver expects the next count, so a tampered, replayed, reordered or dropped frame
/// fails to open; so does a frame whose kind byte was changed.
/// </summary>
internal sealed class FrameSealer : IDisposable
{
    public const int TagLength = 16;

    /// <summary>Bytes a sealed frame adds to its plaintext: the kind byte and the tag.</summary>
    public const int Overhead = 1 + TagLength;

    private readonly AesGcm _aes;
    private ulong _counter;

    public FrameSealer(byte[] key)
    {
        _aes = new AesGcm(key, TagLength);
    }

    /// <summary>How many frames this direction has sealed or opened.</summary>
    public ulong Counter => _counter;

    public static bool IsSealedKind(byte kind) => kind >= (byte)FrameKind.MessageFinal;

    public byte[] Seal(FrameKind kind, ReadOnlySpan<byte> plaintext)
    {
        var frame = new byte[Overhead + plaintext.Length];
        frame[0] = (byte)kind;
        Span<byte> nonce = stackalloc byte[12];
        NextNonce(nonce);
        _aes.Encrypt(nonce, plaintext, frame.AsSpan(1, plaintext.Length), frame.AsSpan(1 + plaintext.Length), frame.AsSpan(0, 1));
        return frame;
    }

    /// <summary>Opens the next frame of this direction.</summary>
    /// <exception cref="SyncProtocolException">The frame is too short, not of a sealed kind, or fails authentication.</exception>
    public (FrameKind Kind, byte[] Plaintext) Open(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < Overhead || !IsSealedKind(frame[0]))
        {
            throw new SyncProtocolException($"expected a sealed frame, got {frame.Length} bytes of kind 0x{(frame.IsEmpty ? 0 : frame[0]):x2}");
        }

        var plaintext = new byte[frame.Length - Overhead];
        Span<byte> nonce = stackalloc byte[12];
        var counter = _counter;
        NextNonce(nonce);
        try
        {
            _aes.Decrypt(nonce, frame.Slice(1, plaintext.Length), frame[(1 + plaintext.Length)..], plaintext, frame[..1]);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SyncProtocolException($"sealed frame {counter} failed authentication (tampered, replayed, reordered or missing frame)");
        }

        return ((FrameKind)frame[0], plaintext);
    }

    public void Dispose() => _aes.Dispose();

    private void NextNonce(Span<byte> nonce)
    {
        if (_counter == ulong.MaxValue)
        {
            throw new SyncProtocolException("frame counter exhausted");
        }

        nonce[..4].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[4..], _counter++);
    }
}
