using System.Buffers.Binary;
using System.Security.Cryptography;

namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>What the peer told us in its INIT, carried in the state cookie so that we keep no state before COOKIE-ECHO.</summary>
internal readonly record struct PeerInit(uint InitiateTag, uint ARwnd, ushort OutboundStreams, ushort InboundStreams, uint InitialTsn, bool SupportsReConfig);

/// <summary>The contents of a verified state cookie.</summary>
internal readonly record struct StateCookieContents(long CreatedUnixMilliseconds, uint LocalTag, uint LocalInitialTsn, PeerInit Peer);

/// <summary>
/// The state cookie of RFC 9260 section 5.1.3: the association parameters plus a creation
/// time, signed with an HMAC-SHA-256 under a secret that never leaves this association.
/// </summary>
internal sealed class StateCookie
{
    public const int BodyLength = 8 + 4 + 4 + 4 + 4 + 4 + 2 + 2 + 4 + 1;
    public const int Length = BodyLength + 32;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public byte[] Create(long createdUnixMilliseconds, uint localTag, uint localInitialTsn, PeerInit peer)
    {
        var cookie = new byte[Length];
        var span = cookie.AsSpan();
        BinaryPrimitives.WriteInt64BigEndian(span, createdUnixMilliseconds);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], localTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], localInitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(span[16..], peer.InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(span[20..], peer.ARwnd);
        BinaryPrimitives.WriteUInt16BigEndian(span[24..], peer.OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(span[26..], peer.InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(span[28..], peer.InitialTsn);
        BinaryPrimitives.WriteUInt32BigEndian(span[32..], 0);
        span[36] = peer.SupportsReConfig ? (byte)1 : (byte)0;
        HMACSHA256.HashData(_secret, span[..BodyLength], span[BodyLength..]);
        return cookie;
    }

    /// <summary>Checks length and signature; a cookie that fails either was not made by us (or was altered).</summary>
    public bool TryOpen(ReadOnlySpan<byte> cookie, out StateCookieContents contents)
    {
        contents = default;
        if (cookie.Length != Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, cookie[..BodyLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, cookie[BodyLength..]))
        {
            return false;
        }

        contents = new StateCookieContents(
            BinaryPrimitives.ReadInt64BigEndian(cookie),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(cookie[12..]),
            new PeerInit(
                BinaryPrimitives.ReadUInt32BigEndian(cookie[16..]),
                BinaryPrimitives.ReadUInt32BigEndian(cookie[20..]),
                BinaryPrimitives.ReadUInt16BigEndian(cookie[24..]),
                BinaryPrimitives.ReadUInt16BigEndian(cookie[26..]),
                BinaryPrimitives.ReadUInt32BigEndian(cookie[28..]),
                cookie[36] != 0));
        return true;
    }
}
