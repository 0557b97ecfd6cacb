using System.Buffers.Binary;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC.Multiplier;
using Org.BouncyCastle.Utilities;
using ECPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace P2PClinic.Sync.Handshake;

/// <summary>Which side of SPAKE2 this party plays: A sends pA = w*M + X, B sends pB = w*N + Y (RFC 9382 section 3.3).</summary>
internal enum Spake2Role
{
    A,
    B,
}

/// <summary>
/// One side of one SPAKE2 exchange (RFC 9382), ciphersuite SPAKE2-P256-SHA256-HKDF-HMAC (section 6):
/// group P-256 with uncompressed SEC1 elements, Hash = SHA-256, KDF = HKDF-SHA256, MAC = HMAC-SHA256, cofactor h = 1.
/// Start it, send <see cref="Message"/>, and <see cref="Finish"/> with the peer's message; then exchange and check
/// the key confirmations (<see cref="Spake2Result"/>) before trusting <see cref="Spake2Result.SharedKey"/>.
/// </summary>
/// <remarks>
/// The x/y scalar is fresh per instance and used once: <see cref="Finish"/> may be called only once, whatever its
/// outcome, because RFC 9382 section 7 forbids reusing x or y. Scalar multiplications use BouncyCastle's fixed-point
/// comb (the multiplier BouncyCastle uses for its own key generation, with table look-ups that do not depend on the
/// secret), not the curve's default wNAF multiplier, whose timing follows the scalar's digits.
/// </remarks>
internal sealed class Spake2
{
    /// <summary>Length of a scalar (w, x, y) and of a field element: P-256's order n and prime p are 256 bits.</summary>
    internal const int ScalarLength = 32;

    /// <summary>Length of an uncompressed SEC1 P-256 point: 0x04 || X || Y (RFC 9382 section 6).</summary>
    internal const int ElementLength = 1 + 2 * ScalarLength;

    /// <summary>Ke and Ka are each half of Hash(TT) (RFC 9382 section 4): 16 bytes for SHA-256.</summary>
    internal const int KeyLength = 16;

    /// <summary>KcA || KcB is L = 32 bytes, each half of the hash output (RFC 9382 section 4).</summary>
    private const int ConfirmationKeysLength = 2 * KeyLength;

    /// <summary>HKDF output length for <see cref="DeriveW"/>: 64 bits longer than n, so that reducing mod n has a
    /// negligible bias (RFC 9382 section 3.2, after NIST SP 800-56A r3).</summary>
    private const int WDerivationLength = ScalarLength + 16;

    private static readonly X9ECParameters P256 = ECNamedCurveTable.GetByName("P-256");

    private static readonly BigInteger Order = P256.N;

    // RFC 9382 section 6, for P256: M and N, compressed SEC1, generated from the seeds
    // "1.2.840.10045.3.1.7 point generation seed (M)" and "(N)" by the algorithm of Appendix A.
    private static readonly ECPoint M = DecodeConstant("02886e2f97ace46e55ba9dd7242579f2993b64e16ef3dcab95afd497333d8fa12f");
    private static readonly ECPoint N = DecodeConstant("03d8bbd6c639c62937b04d997f38c3770719c629d7014d49a24b4f98baa1292b49");

    // RFC 9382 section 4: KcA || KcB = KDF(nil, Ka, "ConfirmationKeys" || AAD).
    private static readonly byte[] ConfirmationKeysLabel = "ConfirmationKeys"u8.ToArray();

    // Our protocol's derivation of w from the org's auth key (see DeriveW); the label versions it.
    private static readonly byte[] WDerivationInfo = "p2pclinic/sync/v1 spake2 w"u8.ToArray();

    private static readonly FixedPointCombMultiplier Multiplier = new();

    private readonly Spake2Role role;
    private readonly BigInteger w;
    private readonly byte[] wEncoded;
    private readonly BigInteger scalar;
    private readonly byte[] identityA;
    private readonly byte[] identityB;
    private readonly byte[] aad;
    private readonly byte[] message;
    private bool finished;

    private Spake2(Spake2Role role, BigInteger w, byte[] wEncoded, BigInteger scalar, byte[] identityA, byte[] identityB, byte[] aad)
    {
        this.role = role;
        this.w = w;
        this.wEncoded = wEncoded;
        this.scalar = scalar;
        this.identityA = identityA;
        this.identityB = identityB;
        this.aad = aad;
        // pA = w*M + x*P for A, pB = w*N + y*P for B (RFC 9382 section 3.3).
        ECPoint blind = role == Spake2Role.A ? M : N;
        message = Multiplier.Multiply(P256.G, scalar).Add(Multiplier.Multiply(blind, w)).Normalize().GetEncoded(false);
    }

    /// <summary>This side's share, pA for A or pB for B: a 65-byte uncompressed SEC1 point, to send to the peer.</summary>
    public ReadOnlyMemory<byte> Message => message;

    /// <summary>Which side this instance plays.</summary>
    public Spake2Role Role => role;

    /// <summary>
    /// Starts one side of an exchange with a fresh random scalar (x for A, y for B), uniform in [1, n-1] by
    /// rejection sampling (RFC 9382 section 7).
    /// </summary>
    /// <param name="role">Which side this party plays; the two parties must play different roles.</param>
    /// <param name="w">The password scalar: 32 bytes, big-endian, already reduced mod n (see <see cref="DeriveW"/>).</param>
    /// <param name="identityA">A's identity as raw bytes (empty only where identities are implicit, RFC 9382 section 3.3).</param>
    /// <param name="identityB">B's identity as raw bytes.</param>
    /// <param name="aad">Associated data bound into the confirmation keys (RFC 9382 section 4); may be empty.</param>
    /// <exception cref="ArgumentException">w is not 32 bytes or not below n.</exception>
    public static Spake2 Start(Spake2Role role, ReadOnlySpan<byte> w, ReadOnlySpan<byte> identityA, ReadOnlySpan<byte> identityB, ReadOnlySpan<byte> aad)
    {
        return Create(role, w, identityA, identityB, aad, RandomScalar());
    }

    /// <summary>For test vectors only: starts with a fixed x (role A) or y (role B) in [1, n-1], 32 bytes big-endian.</summary>
    internal static Spake2 StartWithScalar(Spake2Role role, ReadOnlySpan<byte> w, ReadOnlySpan<byte> identityA, ReadOnlySpan<byte> identityB, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> scalar)
    {
        return Create(role, w, identityA, identityB, aad, ParseScalar(scalar, nameof(scalar), allowZero: false));
    }

    /// <summary>
    /// Completes the exchange with the peer's share and derives the keys (RFC 9382 sections 3.3 and 4).
    /// Callable once: the state is spent even when the peer's message is refused.
    /// </summary>
    /// <param name="peerMessage">pB when this side is A, pA when it is B: a 65-byte uncompressed SEC1 point.</param>
    /// <exception cref="Spake2Exception">The peer's message is not a 65-byte uncompressed point, not on P-256,
    /// or the identity; or the shared element K is the identity (the peer sent exactly w*N or w*M).</exception>
    /// <exception cref="InvalidOperationException">Finish was already called on this instance.</exception>
    public Spake2Result Finish(ReadOnlySpan<byte> peerMessage)
    {
        if (finished)
        {
            throw new InvalidOperationException("This SPAKE2 exchange is already finished; its scalar must not be used twice (RFC 9382 section 7).");
        }
        finished = true;
        try
        {
            ECPoint peer = DecodePeerElement(peerMessage);
            byte[] k = SharedElement(role, w, scalar, peer);
            ReadOnlySpan<byte> pA = role == Spake2Role.A ? message : peerMessage;
            ReadOnlySpan<byte> pB = role == Spake2Role.A ? peerMessage : message;
            byte[] tt = Transcript(identityA, identityB, pA, pB, k, wEncoded);
            try
            {
                return KeySchedule(role, tt, aad);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(tt);
                CryptographicOperations.ZeroMemory(k);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(wEncoded);
        }
    }

    /// <summary>
    /// Derives our protocol's password scalar from an org's auth key:
    /// w = OS2IP(HKDF-SHA256(IKM = authKey, salt = empty, info = "p2pclinic/sync/v1 spake2 w", L = 48)) mod n,
    /// returned as 32 big-endian bytes. The 48 bytes (64 bits more than n) make the reduction's bias negligible.
    /// </summary>
    /// <exception cref="ArgumentException">authKey is empty.</exception>
    public static byte[] DeriveW(ReadOnlySpan<byte> authKey)
    {
        if (authKey.IsEmpty)
        {
            throw new ArgumentException("The auth key must not be empty.", nameof(authKey));
        }
        byte[] okm = new byte[WDerivationLength];
        try
        {
            HKDF.DeriveKey(HashAlgorithmName.SHA256, authKey, okm, salt: ReadOnlySpan<byte>.Empty, WDerivationInfo);
            return BigIntegers.AsUnsignedByteArray(ScalarLength, new BigInteger(1, okm).Mod(Order));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(okm);
        }
    }

    /// <summary>
    /// Validates a peer's share (RFC 9382 section 7: an endpoint MUST abort if a received value is not a member of
    /// the group): exactly 65 bytes, the uncompressed form 0x04, coordinates below p, on the curve, not the identity.
    /// With h = 1 every point on P-256 is in the prime-order group, so no cofactor check remains.
    /// </summary>
    internal static ECPoint DecodePeerElement(ReadOnlySpan<byte> peerMessage)
    {
        if (peerMessage.Length != ElementLength || peerMessage[0] != 0x04)
        {
            throw new Spake2Exception($"The peer's SPAKE2 share must be a {ElementLength}-byte uncompressed SEC1 P-256 point (0x04 || X || Y); got {peerMessage.Length} bytes{(peerMessage.IsEmpty ? "" : $" starting 0x{peerMessage[0]:x2}")}.");
        }
        ECPoint point;
        try
        {
            point = P256.Curve.DecodePoint(peerMessage.ToArray());
        }
        catch (ArgumentException e)
        {
            throw new Spake2Exception("The peer's SPAKE2 share is not a point on P-256.", e);
        }
        if (point.IsInfinity || !point.IsValid())
        {
            throw new Spake2Exception("The peer's SPAKE2 share is not a valid P-256 group element.");
        }
        return point;
    }

    /// <summary>
    /// K = h*x*(pB - w*N) for A, K = h*y*(pA - w*M) for B, h = 1 (RFC 9382 section 3.3), encoded uncompressed.
    /// For test vectors: w and the scalar as 32 big-endian bytes, the peer's share as sent.
    /// </summary>
    internal static byte[] SharedElement(Spake2Role role, ReadOnlySpan<byte> w, ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> peerMessage)
    {
        return SharedElement(role, ParseScalar(w, nameof(w), allowZero: true), ParseScalar(scalar, nameof(scalar), allowZero: false), DecodePeerElement(peerMessage));
    }

    /// <summary>
    /// TT = len(A) || A || len(B) || B || len(pA) || pA || len(pB) || pB || len(K) || K || len(w) || w, each len an
    /// 8-byte little-endian count and w padded to 32 bytes (RFC 9382 section 3.3).
    /// </summary>
    internal static byte[] Transcript(ReadOnlySpan<byte> identityA, ReadOnlySpan<byte> identityB, ReadOnlySpan<byte> pA, ReadOnlySpan<byte> pB, ReadOnlySpan<byte> k, ReadOnlySpan<byte> w)
    {
        byte[] tt = new byte[6 * sizeof(ulong) + identityA.Length + identityB.Length + pA.Length + pB.Length + k.Length + w.Length];
        Span<byte> rest = tt;
        Append(ref rest, identityA);
        Append(ref rest, identityB);
        Append(ref rest, pA);
        Append(ref rest, pB);
        Append(ref rest, k);
        Append(ref rest, w);
        return tt;

        static void Append(ref Span<byte> rest, ReadOnlySpan<byte> field)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(rest, (ulong)field.Length);
            field.CopyTo(rest[sizeof(ulong)..]);
            rest = rest[(sizeof(ulong) + field.Length)..];
        }
    }

    /// <summary>KcA || KcB = HKDF-SHA256(salt = nil, IKM = Ka, info = "ConfirmationKeys" || AAD, L = 32) (RFC 9382 section 4).</summary>
    internal static byte[] ConfirmationKeys(ReadOnlySpan<byte> ka, ReadOnlySpan<byte> aad)
    {
        byte[] info = new byte[ConfirmationKeysLabel.Length + aad.Length];
        ConfirmationKeysLabel.CopyTo(info, 0);
        aad.CopyTo(info.AsSpan(ConfirmationKeysLabel.Length));
        byte[] keys = new byte[ConfirmationKeysLength];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, ka, keys, salt: ReadOnlySpan<byte>.Empty, info);
        return keys;
    }

    /// <summary>
    /// Ke || Ka = Hash(TT); KcA || KcB from Ka and the AAD; cA = MAC(KcA, TT), cB = MAC(KcB, TT) (RFC 9382 sections 3.3, 4).
    /// </summary>
    internal static Spake2Result KeySchedule(Spake2Role role, ReadOnlySpan<byte> tt, ReadOnlySpan<byte> aad)
    {
        byte[] hash = SHA256.HashData(tt);
        byte[] keys = ConfirmationKeys(hash.AsSpan(KeyLength, KeyLength), aad);
        try
        {
            byte[] cA = HMACSHA256.HashData(keys.AsSpan(0, KeyLength), tt);
            byte[] cB = HMACSHA256.HashData(keys.AsSpan(KeyLength, KeyLength), tt);
            byte[] ke = hash[..KeyLength];
            return role == Spake2Role.A
                ? new Spake2Result(ke, OwnConfirmation: cA, PeerConfirmation: cB, hash)
                : new Spake2Result(ke, OwnConfirmation: cB, PeerConfirmation: cA, hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keys);
        }
    }

    private static Spake2 Create(Spake2Role role, ReadOnlySpan<byte> w, ReadOnlySpan<byte> identityA, ReadOnlySpan<byte> identityB, ReadOnlySpan<byte> aad, BigInteger scalar)
    {
        if (role is not (Spake2Role.A or Spake2Role.B))
        {
            throw new ArgumentOutOfRangeException(nameof(role), role, "The SPAKE2 role must be A or B.");
        }
        BigInteger wValue = ParseScalar(w, nameof(w), allowZero: true);
        return new Spake2(role, wValue, w.ToArray(), scalar, identityA.ToArray(), identityB.ToArray(), aad.ToArray());
    }

    private static byte[] SharedElement(Spake2Role role, BigInteger w, BigInteger scalar, ECPoint peer)
    {
        ECPoint blind = role == Spake2Role.A ? N : M;
        ECPoint k = Multiplier.Multiply(peer.Subtract(Multiplier.Multiply(blind, w)), scalar).Normalize();
        // Only a peer who sent exactly w*N (or w*M) makes K the identity; abort rather than hash a degenerate K.
        if (k.IsInfinity)
        {
            throw new Spake2Exception("The peer's SPAKE2 share yields the identity as the shared element K.");
        }
        return k.GetEncoded(false);
    }

    /// <summary>x or y uniform in [1, n-1]: 32 random bytes, redrawn while outside the range (RFC 9382 section 7).</summary>
    private static BigInteger RandomScalar()
    {
        Span<byte> candidate = stackalloc byte[ScalarLength];
        try
        {
            while (true)
            {
                RandomNumberGenerator.Fill(candidate);
                var value = new BigInteger(1, candidate);
                if (value.SignValue > 0 && value.CompareTo(Order) < 0)
                {
                    return value;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(candidate);
        }
    }

    private static BigInteger ParseScalar(ReadOnlySpan<byte> bytes, string name, bool allowZero)
    {
        if (bytes.Length != ScalarLength)
        {
            throw new ArgumentException($"A SPAKE2 scalar is {ScalarLength} big-endian bytes; got {bytes.Length}.", name);
        }
        var value = new BigInteger(1, bytes);
        if (value.CompareTo(Order) >= 0)
        {
            throw new ArgumentException("A SPAKE2 scalar must be reduced mod n (below the order of P-256).", name);
        }
        if (!allowZero && value.SignValue == 0)
        {
            throw new ArgumentException("The SPAKE2 x/y scalar must be in [1, n-1].", name);
        }
        return value;
    }

    private static ECPoint DecodeConstant(string hex) => P256.Curve.DecodePoint(Convert.FromHexString(hex));
}

/// <summary>
/// The keys of a finished SPAKE2 exchange (RFC 9382 section 4). Send <see cref="OwnConfirmation"/>, check what the
/// peer sends with <see cref="IsPeerConfirmation"/>, and use <see cref="SharedKey"/> only after that check passed.
/// </summary>
/// <param name="SharedKey">Ke, the first half of Hash(TT): 16 bytes.</param>
/// <param name="OwnConfirmation">What this side sends: cA = MAC(KcA, TT) for A, cB = MAC(KcB, TT) for B; 32 bytes.</param>
/// <param name="PeerConfirmation">What the peer must send: cB for A, cA for B; 32 bytes.</param>
/// <param name="TranscriptHash">Hash(TT) = Ke || Ka, 32 bytes. Secret like the key itself (it contains Ke): for
/// deriving further keys, never to be sent or logged.</param>
internal sealed record Spake2Result(byte[] SharedKey, byte[] OwnConfirmation, byte[] PeerConfirmation, byte[] TranscriptHash)
{
    /// <summary>Compares a received confirmation with <see cref="PeerConfirmation"/> in constant time; a wrong length is false.</summary>
    public bool IsPeerConfirmation(ReadOnlySpan<byte> received) => CryptographicOperations.FixedTimeEquals(received, PeerConfirmation);
}

/// <summary>A SPAKE2 exchange refused the peer's input (RFC 9382 section 7): the exchange must be aborted.</summary>
internal sealed class Spake2Exception : Exception
{
    public Spake2Exception()
        : base("The SPAKE2 exchange was aborted.")
    {
    }

    public Spake2Exception(string message)
        : base(message)
    {
    }

    public Spake2Exception(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
