using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.Sync.Invites;

/// <summary>
/// Seals an invite payload under its share code with a deliberately slow KDF, so a signaling server that keeps the
/// blob cannot open it by trying all ~8.5e11 codes cheaply (docs/protocol.md, "Invites"):
/// <c>blob = 0x01 || iterations (u32be) || salt (16) || nonce (12) || AES-256-GCM(key, nonce, payload JSON, AAD = the 33 header bytes)</c>
/// with <c>key = PBKDF2-SHA256(code as 8 upper-case ASCII characters, "p2pclinic/invite/v1" || salt, iterations, 32)</c>.
/// </summary>
internal static class InviteSeal
{
    public const byte FormatVersion = 1;

    /// <summary>As slow as the org keys: a guess at a code costs what a guess at a password does.</summary>
    public const int DefaultIterations = 600_000;

    public const int MinIterations = 100_000;

    private const int HeaderLength = 1 + 4 + 16 + 12;
    private const int TagLength = 16;
    private static readonly byte[] SaltPrefix = "p2pclinic/invite/v1"u8.ToArray();

    public static byte[] Seal(InvitePayload payload, string normalizedCode, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var nonce = RandomNumberGenerator.GetBytes(12);
        return Seal(payload.ToJson(), normalizedCode, iterations, salt, nonce);
    }

    internal static byte[] Seal(byte[] plaintext, string normalizedCode, int iterations, byte[] salt, byte[] nonce)
    {
        var blob = new byte[HeaderLength + plaintext.Length + TagLength];
        blob[0] = FormatVersion;
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(1), (uint)iterations);
        salt.CopyTo(blob, 5);
        nonce.CopyTo(blob, 21);
        using var aes = new AesGcm(DeriveKey(normalizedCode, salt, iterations), TagLength);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(HeaderLength, plaintext.Length), blob.AsSpan(HeaderLength + plaintext.Length), blob.AsSpan(0, HeaderLength));
        return blob;
    }

    /// <exception cref="InviteException">The blob is malformed, does not open with this code, or holds no valid invite.</exception>
    public static InvitePayload Open(ReadOnlySpan<byte> blob, string normalizedCode)
    {
        if (blob.Length < HeaderLength + TagLength || blob[0] != FormatVersion)
        {
            throw new InviteException(blob.Length > 0 && blob[0] != FormatVersion ? InviteFailure.UnsupportedVersion : InviteFailure.Malformed,
                "The invite is damaged or of a format this node does not read.");
        }

        var iterations = BinaryPrimitives.ReadUInt32BigEndian(blob[1..]);
        if (iterations is < MinIterations or > Keys.OrgKeys.MaxIterations)
        {
            throw new InviteException(InviteFailure.Malformed, $"The invite is sealed with {iterations} iterations; this node accepts {MinIterations} to {Keys.OrgKeys.MaxIterations}.");
        }

        var plaintext = new byte[blob.Length - HeaderLength - TagLength];
        using var aes = new AesGcm(DeriveKey(normalizedCode, blob.Slice(5, 16).ToArray(), (int)iterations), TagLength);
        try
        {
            aes.Decrypt(blob.Slice(21, 12), blob.Slice(HeaderLength, plaintext.Length), blob[(HeaderLength + plaintext.Length)..], plaintext, blob[..HeaderLength]);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new InviteException(InviteFailure.WrongCode, "The invite does not open with this code.");
        }

        return InvitePayload.FromJson(plaintext);
    }

    private static byte[] DeriveKey(string normalizedCode, byte[] salt, int iterations)
    {
        var fullSalt = new byte[SaltPrefix.Length + salt.Length];
        SaltPrefix.CopyTo(fullSalt, 0);
        salt.CopyTo(fullSalt, SaltPrefix.Length);
        return Rfc2898DeriveBytes.Pbkdf2(Encoding.ASCII.GetBytes(normalizedCode), fullSalt, iterations, HashAlgorithmName.SHA256, 32);
    }
}
