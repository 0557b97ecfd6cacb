using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace P2PClinic.WebRtc.Stun;

/// <summary>
/// A STUN message (RFC 8489) with the attributes ICE uses. Parsing never throws: a datagram that is
/// not acceptable STUN yields a <see cref="StunParseError"/> and is dropped by the caller.
/// </summary>
internal sealed class StunMessage
{
    /// <summary>RFC 8489 section 5: the fixed value that tells STUN apart from other protocols.</summary>
    public const uint MagicCookie = 0x2112_A442;

    /// <summary>RFC 8489 section 5: type (2) + length (2) + cookie (4) + transaction id (12).</summary>
    public const int HeaderLength = 20;

    public const int TransactionIdLength = 12;

    /// <summary>RFC 8489 section 14.7: the CRC is XORed with "STUN" so that it differs from other CRC-32 uses.</summary>
    private const uint FingerprintXor = 0x5354_554E;

    private const int IntegrityLength = 20; // HMAC-SHA1, RFC 8489 section 14.5
    private const int MaxUsernameBytes = 509; // RFC 8489 section 14.3
    private const int MaxReasonBytes = 763; // RFC 8489 section 14.8

    private byte[]? raw;
    private int integrityOffset = -1;

    public StunMessage(StunMethod method, StunClass cls, ReadOnlyMemory<byte> transactionId)
    {
        if (transactionId.Length != TransactionIdLength)
        {
            throw new ArgumentException("A STUN transaction id is 96 bits.", nameof(transactionId));
        }

        Method = method;
        Class = cls;
        TransactionId = transactionId.ToArray();
    }

    public StunMethod Method { get; }

    public StunClass Class { get; }

    public byte[] TransactionId { get; }

    public string? Username { get; set; }

    public uint? Priority { get; set; }

    public bool UseCandidate { get; set; }

    /// <summary>The ICE-CONTROLLING tie-breaker (RFC 8445 section 7.1.3).</summary>
    public ulong? IceControlling { get; set; }

    /// <summary>The ICE-CONTROLLED tie-breaker (RFC 8445 section 7.1.3).</summary>
    public ulong? IceControlled { get; set; }

    public IPEndPoint? XorMappedAddress { get; set; }

    /// <summary>The legacy MAPPED-ADDRESS, read only as a fallback for old STUN servers.</summary>
    public IPEndPoint? MappedAddress { get; set; }

    public int? ErrorCode { get; set; }

    public string? ErrorReason { get; set; }

    public string? Software { get; set; }

    /// <summary>REALM (RFC 8489 section 14.9): names the long-term credential's domain.</summary>
    public string? Realm { get; set; }

    /// <summary>NONCE (RFC 8489 section 14.10): the server's, echoed in authenticated requests.</summary>
    public string? Nonce { get; set; }

    /// <summary>LIFETIME in seconds (RFC 8656 section 18.2).</summary>
    public uint? Lifetime { get; set; }

    /// <summary>CHANNEL-NUMBER (RFC 8656 section 18.1): 0x4000 through 0x4FFF.</summary>
    public ushort? ChannelNumber { get; set; }

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 section 18.3), encoded like XOR-MAPPED-ADDRESS.</summary>
    public IPEndPoint? XorPeerAddress { get; set; }

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 section 18.5): the allocation's address on the server.</summary>
    public IPEndPoint? XorRelayedAddress { get; set; }

    /// <summary>REQUESTED-TRANSPORT's protocol number (RFC 8656 section 18.7): 17 for UDP.</summary>
    public byte? RequestedTransport { get; set; }

    /// <summary>DATA (RFC 8656 section 18.4): the application datagram in Send and Data indications.</summary>
    public byte[]? Data { get; set; }

    /// <summary>Comprehension-required attribute types we do not understand (RFC 8489 section 14: answer 420).</summary>
    public List<ushort> UnknownRequiredAttributes { get; } = [];

    public bool HasMessageIntegrity => integrityOffset >= 0;

    public bool HasFingerprint { get; private set; }

    /// <summary>Creates a new transaction id from a cryptographic random source (RFC 8489 section 5).</summary>
    public static byte[] NewTransactionId() => RandomNumberGenerator.GetBytes(TransactionIdLength);

    /// <summary>
    /// True when the buffer looks like STUN: first byte 0..3 (RFC 7983 section 7), zero top bits, and the
    /// magic cookie in place. Cheap check used to demultiplex before a full parse.
    /// </summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> packet)
        => packet.Length >= HeaderLength && (packet[0] & 0xC0) == 0 && BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) == MagicCookie;

    /// <summary>Serializes the message; adds MESSAGE-INTEGRITY when a key is given, and always FINGERPRINT (RFC 8445 section 7.2.2).</summary>
    public byte[] Encode(ReadOnlySpan<byte> integrityKey)
    {
        var body = new List<byte>(128);
        if (Username is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(Username);
            if (bytes.Length > MaxUsernameBytes)
            {
                throw new InvalidOperationException("USERNAME is longer than 509 bytes (RFC 8489 section 14.3).");
            }

            AppendAttribute(body, StunAttributeType.Username, bytes);
        }

        if (ErrorCode is { } code)
        {
            if (code is < 300 or > 699)
            {
                throw new InvalidOperationException("A STUN error code is between 300 and 699 (RFC 8489 section 14.8).");
            }

            var reason = Encoding.UTF8.GetBytes(ErrorReason ?? string.Empty);
            var value = new byte[4 + Math.Min(reason.Length, MaxReasonBytes)];
            value[2] = (byte)(code / 100);
            value[3] = (byte)(code % 100);
            reason.AsSpan(0, value.Length - 4).CopyTo(value.AsSpan(4));
            AppendAttribute(body, StunAttributeType.ErrorCode, value);
        }

        if (XorMappedAddress is { } mapped)
        {
            AppendAttribute(body, StunAttributeType.XorMappedAddress, EncodeXorAddress(mapped, TransactionId));
        }

        if (Priority is { } priority)
        {
            var value = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, priority);
            AppendAttribute(body, StunAttributeType.Priority, value);
        }

        if (UseCandidate)
        {
            AppendAttribute(body, StunAttributeType.UseCandidate, []);
        }

        if (IceControlled is { } controlled)
        {
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, controlled);
            AppendAttribute(body, StunAttributeType.IceControlled, value);
        }

        if (IceControlling is { } controlling)
        {
            var value = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(value, controlling);
            AppendAttribute(body, StunAttributeType.IceControlling, value);
        }

        if (Software is not null)
        {
            AppendAttribute(body, StunAttributeType.Software, Encoding.UTF8.GetBytes(Software));
        }

        AppendTurnAttributes(body);

        var integrityLength = integrityKey.IsEmpty ? 0 : 4 + IntegrityLength;
        var total = HeaderLength + body.Count + integrityLength + 8;
        var packet = new byte[total];
        BinaryPrimitives.WriteUInt16BigEndian(packet, StunMessageType.Encode(Method, Class));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), MagicCookie);
        TransactionId.CopyTo(packet.AsSpan(8));
        body.CopyTo(packet, HeaderLength);
        var offset = HeaderLength + body.Count;

        if (!integrityKey.IsEmpty)
        {
            // RFC 8489 section 14.5: the length field covers the message up to and including MESSAGE-INTEGRITY.
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(offset - HeaderLength + 4 + IntegrityLength));
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), StunAttributeType.MessageIntegrity);
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), IntegrityLength);
            HMACSHA1.HashData(integrityKey, packet.AsSpan(0, offset), packet.AsSpan(offset + 4, IntegrityLength));
            offset += 4 + IntegrityLength;
        }

        // RFC 8489 section 14.7: the length field covers FINGERPRINT itself.
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)(total - HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), StunAttributeType.Fingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset + 2), 4);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(offset + 4), Crc32.Compute(packet.AsSpan(0, offset)) ^ FingerprintXor);
        return packet;
    }

    /// <summary>Parses a datagram. Returns false with an error for anything that is not well-formed STUN; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out StunMessage? message, out StunParseError error)
    {
        message = null;
        if (packet.Length < HeaderLength)
        {
            error = StunParseError.Truncated;
            return false;
        }

        if ((packet[0] & 0xC0) != 0 || BinaryPrimitives.ReadUInt32BigEndian(packet[4..]) != MagicCookie)
        {
            error = StunParseError.NotStun;
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((length & 3) != 0)
        {
            error = StunParseError.NotStun;
            return false;
        }

        if (HeaderLength + length != packet.Length)
        {
            error = StunParseError.Truncated;
            return false;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(packet);
        var result = new StunMessage(StunMessageType.DecodeMethod(type), StunMessageType.DecodeClass(type), packet.Slice(8, TransactionIdLength).ToArray());
        var offset = HeaderLength;
        var afterIntegrity = false;
        while (offset < packet.Length)
        {
            if (packet.Length - offset < 4)
            {
                error = StunParseError.MalformedAttribute;
                return false;
            }

            var attrType = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            int attrLength = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            var padded = (attrLength + 3) & ~3;
            if (offset + 4 + padded > packet.Length)
            {
                error = StunParseError.MalformedAttribute;
                return false;
            }

            var value = packet.Slice(offset + 4, attrLength);
            if (result.HasFingerprint)
            {
                // RFC 8489 section 14.7: FINGERPRINT is the last attribute.
                error = StunParseError.BadFingerprint;
                return false;
            }

            if (attrType == StunAttributeType.Fingerprint)
            {
                if (attrLength != 4)
                {
                    error = StunParseError.MalformedAttribute;
                    return false;
                }

                // The length field already covers everything up to the end, as the sender computed it.
                var expected = Crc32.Compute(packet[..offset]) ^ FingerprintXor;
                if (BinaryPrimitives.ReadUInt32BigEndian(value) != expected)
                {
                    error = StunParseError.BadFingerprint;
                    return false;
                }

                result.HasFingerprint = true;
            }
            else if (afterIntegrity)
            {
                // RFC 8489 section 14.5: attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored.
            }
            else if (!result.ReadAttribute(attrType, value, offset))
            {
                error = StunParseError.MalformedAttribute;
                return false;
            }
            else if (attrType == StunAttributeType.MessageIntegrity)
            {
                afterIntegrity = true;
            }

            offset += 4 + padded;
        }

        result.raw = packet.ToArray();
        message = result;
        error = StunParseError.None;
        return true;
    }

    /// <summary>
    /// Checks MESSAGE-INTEGRITY of a parsed message with the short-term key (RFC 8489 section 9.1.3:
    /// the key is the password; ICE passwords are plain ASCII so SASLprep changes nothing).
    /// </summary>
    public bool VerifyIntegrity(ReadOnlySpan<byte> key)
    {
        if (raw is null || integrityOffset < 0)
        {
            return false;
        }

        // Recompute with the length field as the sender saw it: up to the end of MESSAGE-INTEGRITY.
        Span<byte> header = stackalloc byte[HeaderLength];
        raw.AsSpan(0, HeaderLength).CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(integrityOffset - HeaderLength + 4 + IntegrityLength));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        hmac.AppendData(header);
        hmac.AppendData(raw.AsSpan(HeaderLength, integrityOffset - HeaderLength));
        Span<byte> mac = stackalloc byte[IntegrityLength];
        hmac.GetHashAndReset(mac);
        return CryptographicOperations.FixedTimeEquals(mac, raw.AsSpan(integrityOffset + 4, IntegrityLength));
    }

    private bool ReadAttribute(ushort type, ReadOnlySpan<byte> value, int offset)
    {
        switch (type)
        {
            case StunAttributeType.Username:
                if (value.Length > MaxUsernameBytes)
                {
                    return false;
                }

                Username = DecodeUtf8(value);
                return Username is not null;
            case StunAttributeType.MessageIntegrity:
                if (value.Length != IntegrityLength)
                {
                    return false;
                }

                integrityOffset = offset;
                return true;
            case StunAttributeType.ErrorCode:
                if (value.Length < 4)
                {
                    return false;
                }

                var cls = value[2] & 0x07;
                var number = value[3];
                if (cls is < 3 or > 6 || number > 99)
                {
                    return false;
                }

                ErrorCode = (cls * 100) + number;
                ErrorReason = DecodeUtf8(value[4..]) ?? string.Empty;
                return true;
            case StunAttributeType.XorMappedAddress:
                XorMappedAddress = DecodeAddress(value, TransactionId, xor: true);
                return XorMappedAddress is not null;
            case StunAttributeType.MappedAddress:
                MappedAddress = DecodeAddress(value, TransactionId, xor: false);
                return MappedAddress is not null;
            case StunAttributeType.Priority:
                if (value.Length != 4)
                {
                    return false;
                }

                Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                return true;
            case StunAttributeType.UseCandidate:
                UseCandidate = true;
                return value.IsEmpty;
            case StunAttributeType.IceControlled:
                if (value.Length != 8)
                {
                    return false;
                }

                IceControlled = BinaryPrimitives.ReadUInt64BigEndian(value);
                return true;
            case StunAttributeType.IceControlling:
                if (value.Length != 8)
                {
                    return false;
                }

                IceControlling = BinaryPrimitives.ReadUInt64BigEndian(value);
                return true;
            case StunAttributeType.Software:
                Software = DecodeUtf8(value);
                return true;
            case StunAttributeType.Realm:
                Realm = DecodeUtf8(value);
                return Realm is not null;
            case StunAttributeType.Nonce:
                Nonce = DecodeUtf8(value);
                return Nonce is not null;
            case StunAttributeType.Lifetime:
                if (value.Length != 4)
                {
                    return false;
                }

                Lifetime = BinaryPrimitives.ReadUInt32BigEndian(value);
                return true;
            case StunAttributeType.ChannelNumber:
                if (value.Length != 4)
                {
                    return false;
                }

                ChannelNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
                return true;
            case StunAttributeType.XorPeerAddress:
                XorPeerAddress = DecodeAddress(value, TransactionId, xor: true);
                return XorPeerAddress is not null;
            case StunAttributeType.XorRelayedAddress:
                XorRelayedAddress = DecodeAddress(value, TransactionId, xor: true);
                return XorRelayedAddress is not null;
            case StunAttributeType.RequestedTransport:
                if (value.Length != 4)
                {
                    return false;
                }

                RequestedTransport = value[0];
                return true;
            case StunAttributeType.Data:
                Data = value.ToArray();
                return true;
            default:
                if (StunAttributeType.IsComprehensionRequired(type) && type != StunAttributeType.UnknownAttributes && type != StunAttributeType.MessageIntegritySha256)
                {
                    UnknownRequiredAttributes.Add(type);
                }

                return true;
        }
    }

    /// <summary>The TURN attributes (RFC 8656 section 18), in no particular order: only MESSAGE-INTEGRITY and FINGERPRINT must come last.</summary>
    private void AppendTurnAttributes(List<byte> body)
    {
        if (Realm is not null)
        {
            AppendAttribute(body, StunAttributeType.Realm, Encoding.UTF8.GetBytes(Realm));
        }

        if (Nonce is not null)
        {
            AppendAttribute(body, StunAttributeType.Nonce, Encoding.UTF8.GetBytes(Nonce));
        }

        if (RequestedTransport is { } protocol)
        {
            AppendAttribute(body, StunAttributeType.RequestedTransport, [protocol, 0, 0, 0]);
        }

        if (Lifetime is { } lifetime)
        {
            var value = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(value, lifetime);
            AppendAttribute(body, StunAttributeType.Lifetime, value);
        }

        if (ChannelNumber is { } channel)
        {
            var value = new byte[4]; // number (2) + RFFU (2), RFC 8656 section 18.1
            BinaryPrimitives.WriteUInt16BigEndian(value, channel);
            AppendAttribute(body, StunAttributeType.ChannelNumber, value);
        }

        if (XorPeerAddress is { } peer)
        {
            AppendAttribute(body, StunAttributeType.XorPeerAddress, EncodeXorAddress(peer, TransactionId));
        }

        if (XorRelayedAddress is { } relayed)
        {
            AppendAttribute(body, StunAttributeType.XorRelayedAddress, EncodeXorAddress(relayed, TransactionId));
        }

        if (Data is not null)
        {
            AppendAttribute(body, StunAttributeType.Data, Data);
        }
    }

    private static string? DecodeUtf8(ReadOnlySpan<byte> value)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(value);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static void AppendAttribute(List<byte> body, ushort type, ReadOnlySpan<byte> value)
    {
        Span<byte> header = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(header, type);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)value.Length);
        body.AddRange(header);
        body.AddRange(value);
        for (var pad = value.Length; (pad & 3) != 0; pad++)
        {
            body.Add(0);
        }
    }

    /// <summary>RFC 8489 section 14.2: port XOR the cookie's top 16 bits, address XOR the cookie (IPv4) or cookie + transaction id (IPv6).</summary>
    private static byte[] EncodeXorAddress(IPEndPoint endPoint, byte[] transactionId)
    {
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        var addressBytes = address.GetAddressBytes();
        var value = new byte[4 + addressBytes.Length];
        value[1] = address.AddressFamily == AddressFamily.InterNetwork ? (byte)0x01 : (byte)0x02;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (MagicCookie >> 16)));
        XorWithCookie(addressBytes, transactionId);
        addressBytes.CopyTo(value, 4);
        return value;
    }

    private static IPEndPoint? DecodeAddress(ReadOnlySpan<byte> value, byte[] transactionId, bool xor)
    {
        if (value.Length < 4)
        {
            return null;
        }

        var family = value[1];
        var addressLength = family switch { 0x01 => 4, 0x02 => 16, _ => -1 };
        if (addressLength < 0 || value.Length != 4 + addressLength)
        {
            return null;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        var addressBytes = value.Slice(4, addressLength).ToArray();
        if (xor)
        {
            port ^= (int)(MagicCookie >> 16);
            XorWithCookie(addressBytes, transactionId);
        }

        return new IPEndPoint(new IPAddress(addressBytes), port);
    }

    private static void XorWithCookie(byte[] addressBytes, byte[] transactionId)
    {
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
        transactionId.CopyTo(mask[4..]);
        for (var i = 0; i < addressBytes.Length; i++)
        {
            addressBytes[i] ^= mask[i];
        }
    }
}
