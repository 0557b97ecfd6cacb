using System.Buffers.Text;
using System.Security.Cryptography;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>Peer ids as docs/protocol.md defines them: 22 characters, unpadded base64url of 16 random bytes, new per join.</summary>
internal static class PeerId
{
    public const int ByteLength = 16;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(ByteLength));

    public static bool TryDecode(string? text, Span<byte> destination)
    {
        if (text is not { Length: 22 } || destination.Length < ByteLength)
        {
            return false;
        }

        return Base64Url.TryDecodeFromChars(text, destination, out var written) && written == ByteLength;
    }

    public static bool IsValid(string? text) => TryDecode(text, stackalloc byte[ByteLength]);
}
