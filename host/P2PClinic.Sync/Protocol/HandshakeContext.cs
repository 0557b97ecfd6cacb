using System.Buffers.Binary;
using System.Text;

namespace P2PClinic.Sync.Protocol;

/// <summary>
/// Who plays which SPAKE2 role on a link and what the handshake binds (docs/protocol.md, "Authentication").
/// A is the peer whose id sorts lower by ordinal comparison of the 22-character id text; B the other.
/// </summary>
internal sealed class HandshakeContext
{
    private static ReadOnlySpan<byte> Label => "p2pclinic/sync"u8;

    public HandshakeContext(string localPeerId, string remotePeerId, string localFingerprint, string remoteFingerprint, Guid orgId, byte version)
    {
        IsA = string.CompareOrdinal(localPeerId, remotePeerId) < 0;
        IdentityA = Encoding.UTF8.GetBytes(IsA ? localPeerId : remotePeerId);
        IdentityB = Encoding.UTF8.GetBytes(IsA ? remotePeerId : localPeerId);
        var fingerprintA = Encoding.UTF8.GetBytes(IsA ? localFingerprint : remoteFingerprint);
        var fingerprintB = Encoding.UTF8.GetBytes(IsA ? remoteFingerprint : localFingerprint);
        Version = version;
        AdditionalData = BuildAdditionalData(version, orgId, fingerprintA, fingerprintB);
    }

    /// <summary>Whether this node is A (uses M; its session key sends A->B).</summary>
    public bool IsA { get; }

    public byte[] IdentityA { get; }

    public byte[] IdentityB { get; }

    public byte Version { get; }

    /// <summary>
    /// SPAKE2's AAD: <c>"p2pclinic/sync" || 0x00 || version (u8) || org id (16 bytes, RFC 9562 byte order) ||
    /// u16be length || A's DTLS fingerprint || u16be length || B's DTLS fingerprint</c>, fingerprints in their RFC 8122
    /// text form (<c>sha-256 AB:CD:...</c>) as ASCII.
    /// </summary>
    public byte[] AdditionalData { get; }

    internal static byte[] BuildAdditionalData(byte version, Guid orgId, byte[] fingerprintA, byte[] fingerprintB)
    {
        var aad = new byte[Label.Length + 1 + 1 + 16 + 2 + fingerprintA.Length + 2 + fingerprintB.Length];
        var span = aad.AsSpan();
        Label.CopyTo(span);
        var at = Label.Length;
        span[at++] = 0;
        span[at++] = version;
        orgId.TryWriteBytes(span.Slice(at, 16), bigEndian: true, out _);
        at += 16;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)fingerprintA.Length);
        at += 2;
        fingerprintA.CopyTo(span[at..]);
        at += fingerprintA.Length;
        BinaryPrimitives.WriteUInt16BigEndian(span[at..], (ushort)fingerprintB.Length);
        at += 2;
        fingerprintB.CopyTo(span[at..]);
        return aad;
    }
}
