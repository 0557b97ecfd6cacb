using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.Sync.Keys;

/// <summary>
/// The two keys an org's password yields (docs/protocol.md, "Keys"): <see cref="AuthKey"/> for SPAKE2 and
/// <see cref="EncryptionKey"/> mixed into every session's sealing keys. The node keeps these, never the password.
/// </summary>
internal sealed class OrgKeys
{
    /// <summary>Current OWASP guidance for PBKDF2-HMAC-SHA256 (2023 Password Storage Cheat Sheet).</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The product design's floor: an invite asking for fewer is refused.</summary>
    public const int MinIterations = 100_000;

    /// <summary>A ceiling that keeps a hostile invite from pinning a core for minutes.</summary>
    public const int MaxIterations = 10_000_000;

    public const int KeyBytes = 32;

    public OrgKeys(byte[] authKey, byte[] encryptionKey, int iterations)
    {
        if (authKey.Length != KeyBytes || encryptionKey.Length != KeyBytes)
        {
            throw new ArgumentException($"org keys are {KeyBytes} bytes each");
        }

        AuthKey = authKey;
        EncryptionKey = encryptionKey;
        Iterations = iterations;
    }

    public byte[] AuthKey { get; }

    public byte[] EncryptionKey { get; }

    /// <summary>The PBKDF2 iterations the keys were derived with (travels in invites).</summary>
    public int Iterations { get; }

    /// <summary>
    /// authKey = PBKDF2-SHA256(password, orgId + ":auth"), encryptionKey = PBKDF2-SHA256(password, orgId + ":encrypt"),
    /// 256 bits each; the org id as 32 lowercase hex digits, the password as UTF-8 (NFC-normalized, so the same
    /// password typed on two systems gives the same keys).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The iteration count is outside <see cref="MinIterations"/>..<see cref="MaxIterations"/>.</exception>
    public static OrgKeys Derive(string password, Guid orgId, int iterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (iterations is < MinIterations or > MaxIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"PBKDF2 iterations must be {MinIterations} to {MaxIterations}");
        }

        var secret = Encoding.UTF8.GetBytes(password.Normalize(NormalizationForm.FormC));
        try
        {
            var id = orgId.ToString("N");
            var auth = Rfc2898DeriveBytes.Pbkdf2(secret, Encoding.UTF8.GetBytes(id + ":auth"), iterations, HashAlgorithmName.SHA256, KeyBytes);
            var encrypt = Rfc2898DeriveBytes.Pbkdf2(secret, Encoding.UTF8.GetBytes(id + ":encrypt"), iterations, HashAlgorithmName.SHA256, KeyBytes);
            return new OrgKeys(auth, encrypt, iterations);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}
