using System.Security.Cryptography;

namespace P2PClinic.Sync.Protocol;

/// <summary>
/// The two per-direction AES-256-GCM keys of an authenticated link:
/// <c>PRK = HKDF-Extract(salt = Hash(TT), IKM = Ke || encryptionKey)</c>,
/// <c>key(A->B) = HKDF-Expand(PRK, "p2pclinic/sync/v1 seal A->B", 32)</c>, <c>key(B->A)</c> likewise with "B->A".
/// Both the password-derived encryption key and the fresh SPAKE2 key are needed to open a frame.
/// </summary>
internal sealed class SessionKeys
{
    internal static readonly byte[] InfoAToB = "p2pclinic/sync/v1 seal A->B"u8.ToArray();
    internal static readonly byte[] InfoBToA = "p2pclinic/sync/v1 seal B->A"u8.ToArray();

    private SessionKeys(byte[] send, byte[] receive)
    {
        Send = send;
        Receive = receive;
    }

    public byte[] Send { get; }

    public byte[] Receive { get; }

    public static SessionKeys Derive(ReadOnlySpan<byte> spakeKey, ReadOnlySpan<byte> transcriptHash, ReadOnlySpan<byte> encryptionKey, bool isA)
    {
        var ikm = new byte[spakeKey.Length + encryptionKey.Length];
        spakeKey.CopyTo(ikm);
        encryptionKey.CopyTo(ikm.AsSpan(spakeKey.Length));
        var prk = HKDF.Extract(HashAlgorithmName.SHA256, ikm, transcriptHash.ToArray());
        var aToB = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, InfoAToB);
        var bToA = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, InfoBToA);
        CryptographicOperations.ZeroMemory(ikm);
        CryptographicOperations.ZeroMemory(prk);
        return isA ? new SessionKeys(aToB, bToA) : new SessionKeys(bToA, aToB);
    }
}
