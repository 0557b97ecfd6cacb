using System.Net;
using P2PClinic.WebRtc.Stun;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Tests.Turn;

public class TurnCodecTests
{
    [Fact]
    public void FromSharedSecret_MatchesCoturnsRestFormula()
    {
        // Computed independently: base64(HMAC-SHA1("s3cret", "1700000000:alice")) with Python's hmac.
        var credentials = TurnCredentials.FromSharedSecret("s3cret", "alice", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal("1700000000:alice", credentials.Username);
        Assert.Equal("TtElzSjT0GdnTQ9xdcRNxx96yQs=", credentials.Password);
    }

    [Fact]
    public void LongTermKey_IsMd5OfUserRealmPassword()
    {
        // Python: hashlib.md5(b"1700000000:alice:p2pclinic.test:pw").hexdigest()
        var key = new TurnCredentials("1700000000:alice", "pw").LongTermKey("p2pclinic.test");
        Assert.Equal("9c2edbd1c021d7aca612cab603801315", Convert.ToHexStringLower(key));
    }

    [Fact]
    public void ChannelData_RoundTrips_AndRejectsALengthBeyondTheDatagram()
    {
        var frame = ChannelData.Encode(0x4001, [1, 2, 3]);
        Assert.Equal(new byte[] { 0x40, 0x01, 0x00, 0x03, 1, 2, 3 }, frame);
        Assert.True(ChannelData.TryDecode(frame, out var channel, out var payload));
        Assert.Equal(0x4001, channel);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload.ToArray());
        Assert.False(ChannelData.TryDecode(frame.AsSpan(0, 6), out _, out _));
        Assert.False(ChannelData.TryDecode(new byte[] { 0x50, 0, 0, 0 }, out _, out _)); // 0x5000 is not a channel
    }

    [Fact]
    public void TurnAttributes_RoundTripThroughTheStunCodec()
    {
        var peer = new IPEndPoint(IPAddress.Parse("10.201.3.4"), 50_000);
        var relayed = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 40_000);
        var message = new StunMessage(StunMethod.ChannelBind, StunClass.Request, StunMessage.NewTransactionId())
        {
            Username = "1700000000:alice", Realm = "r", Nonce = "n0nce", ChannelNumber = 0x4002, XorPeerAddress = peer,
            XorRelayedAddress = relayed, Lifetime = 600, RequestedTransport = 17, Data = [9, 8, 7],
        };
        var key = new TurnCredentials("1700000000:alice", "pw").LongTermKey("r");
        Assert.True(StunMessage.TryParse(message.Encode(key), out var parsed, out var error), error.ToString());
        Assert.Equal(StunMethod.ChannelBind, parsed!.Method);
        Assert.Equal(("r", "n0nce", (ushort)0x4002, peer, relayed, 600u, (byte)17), (parsed.Realm, parsed.Nonce, parsed.ChannelNumber!.Value, parsed.XorPeerAddress, parsed.XorRelayedAddress, parsed.Lifetime!.Value, parsed.RequestedTransport!.Value));
        Assert.Equal(new byte[] { 9, 8, 7 }, parsed.Data);
        Assert.True(parsed.VerifyIntegrity(key));
        Assert.False(parsed.VerifyIntegrity(new TurnCredentials("1700000000:alice", "other").LongTermKey("r")));
        Assert.Empty(parsed.UnknownRequiredAttributes);
    }
}
