using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

/// <summary>
/// What a room id yields: the token the signaling server sees (docs/protocol.md: 43 characters, unpadded base64url
/// of a 32-byte hash) and the key that seals signals. The two derivations are domain-separated, so the token
/// reveals nothing about the key, and neither reveals the room id.
/// </summary>
internal sealed class RoomSecrets
{
    /// <summary>Prefix of the token hash: SHA-256("p2pclinic/room-token/v1" || room id).</summary>
    internal static readonly byte[] TokenDomain = "p2pclinic/room-token/v1"u8.ToArray();

    /// <summary>HKDF-SHA256 info of the sealing key (RFC 5869 section 3.2: info binds the key to its use).</summary>
    internal static readonly byte[] SealKeyInfo = "p2pclinic/signal-seal/v1"u8.ToArray();

    /// <summary>HKDF salt: fixed, public, and distinct from every other derivation in the product.</summary>
    internal static readonly byte[] SealKeySalt = "p2pclinic/signal-seal/salt/v1"u8.ToArray();

    private RoomSecrets(string token, byte[] sealKey)
    {
        Token = token;
        SealKey = sealKey;
    }

    /// <summary>The room token for the signaling server's paths.</summary>
    public string Token { get; }

    /// <summary>The AES-256-GCM key for the room's signals.</summary>
    public byte[] SealKey { get; }

    /// <exception cref="ArgumentException">The room id is empty or white space.</exception>
    public static RoomSecrets Derive(string roomId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roomId);
        var id = Encoding.UTF8.GetBytes(roomId);
        var hashed = new byte[TokenDomain.Length + id.Length];
        TokenDomain.CopyTo(hashed, 0);
        id.CopyTo(hashed, TokenDomain.Length);
        var token = Base64Url.EncodeToString(SHA256.HashData(hashed));
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, id, 32, SealKeySalt, SealKeyInfo);
        return new RoomSecrets(token, key);
    }
}
