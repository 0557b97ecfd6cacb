using System.Net;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Tests.Ice;

public class IceModelTests
{
    [Theory]
    [InlineData(0, 126u << 24 | 0u << 8 | 255u)]
    [InlineData(65_535, 126u << 24 | 65_535u << 8 | 255u)]
    public void ComputePriority_Host_FollowsRfc8445Section5_1_2_1(int localPreference, uint expected)
        => Assert.Equal(expected, IceCandidate.ComputePriority(IceCandidateType.Host, localPreference));

    [Fact]
    public void ComputePriority_TypePreferences_OrderHostPrflxSrflxRelay()
    {
        var host = IceCandidate.ComputePriority(IceCandidateType.Host, 10);
        var prflx = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 10);
        var srflx = IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, 10);
        var relay = IceCandidate.ComputePriority(IceCandidateType.Relayed, 10);
        Assert.True(host > prflx && prflx > srflx && srflx > relay);
    }

    [Fact]
    public void PairPriority_IsTheSameFromBothSides_AndFollowsTheFormula()
    {
        var a = new IceCandidate("1", 1, 2_130_706_431, new IPEndPoint(IPAddress.Loopback, 1), IceCandidateType.Host);
        var b = new IceCandidate("2", 1, 1_694_498_815, new IPEndPoint(IPAddress.Loopback, 2), IceCandidateType.ServerReflexive);
        var fromA = new IceCandidatePair(a, b).Priority(localIsControlling: true);
        var fromB = new IceCandidatePair(b, a).Priority(localIsControlling: false);
        Assert.Equal(fromA, fromB);

        // 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0) with G = 2130706431 (controlling), D = 1694498815.
        Assert.Equal((1_694_498_815UL << 32) + (2UL * 2_130_706_431) + 1, fromA);
    }

    [Theory]
    [InlineData("stun:127.0.0.1:3478", "stun", "127.0.0.1", 3478, "udp")]
    [InlineData("stun:localhost", "stun", "localhost", 3478, "udp")]
    [InlineData("STUN:[::1]:19302", "stun", "::1", 19302, "udp")]
    [InlineData("turn:10.201.0.1", "turn", "10.201.0.1", 3478, "udp")]
    [InlineData("turn:[2001:db8::1]:3479?transport=tcp", "turn", "2001:db8::1", 3479, "tcp")]
    [InlineData("turns:turn.example.org", "turns", "turn.example.org", 5349, "tcp")]
    public void IceServerUri_Parse_ReadsSchemeHostPortAndTransport(string uri, string scheme, string host, int port, string transport)
        => Assert.Equal(new IceServerAddress(scheme, host, port, transport), IceServerUri.Parse(uri));

    [Fact]
    public void IceServerUri_UnsupportedTransports_AreNamed()
    {
        Assert.Null(IceServerUri.Parse("turn:h?transport=udp").Unsupported);
        Assert.Contains("TLS", IceServerUri.Parse("turns:h").Unsupported, StringComparison.Ordinal);
        Assert.Null(IceServerUri.Parse("turn:h?transport=tcp").Unsupported);
    }

    [Theory]
    [InlineData("stun:h?transport=udp")]
    [InlineData("turn:h?transport=sctp")]
    [InlineData("turn:user@h")]
    [InlineData("http://h")]
    [InlineData("stun:")]
    [InlineData("stun:host:99999")]
    [InlineData("stun:[::1")]
    public void IceServerUri_ParseBad_ThrowsArgumentException(string uri)
        => Assert.Throws<ArgumentException>(() => IceServerUri.Parse(uri));
}
