using Microsoft.Extensions.Configuration;
using P2PClinic.WebRtc;
using P2PClinic.Plugins.SyncWebRtc.Internal;

namespace P2PClinic.SyncWebRtc.Tests.Settings;

public sealed class SyncWebRtcSettingsTests
{
    private static SyncWebRtcSettings Read(params (string Key, string Value)[] values) =>
        SyncWebRtcSettings.Read(
            new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build(),
            "/tmp/data");

    [Fact]
    public void NothingConfigured_HasNoSignalingServer_AndSaysWhichKeyToSet()
    {
        var settings = Read();

        Assert.Null(settings.SignalingUrl);
        Assert.Contains("Plugins:p2pclinic.sync-webrtc:SignalingUrl", settings.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_UseNoIceServerAtAll()
    {
        var settings = Read(("SignalingUrl", "https://signaling.example.org"));

        Assert.Null(settings.Problem);
        Assert.Empty(settings.IceServers);
        Assert.False(settings.LoopbackOnly);
    }

    [Fact]
    public void SignalingUrl_GetsATrailingSlash_SoRoutesResolveUnderItsPath()
    {
        var settings = Read(("SignalingUrl", "https://example.org/signaling"));

        Assert.Equal(new Uri("https://example.org/signaling/"), settings.SignalingUrl);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080/")]
    [InlineData("http://[::1]:5080/")]
    public void PlainHttp_IsAcceptedOnLoopback(string url) => Assert.Null(Read(("SignalingUrl", url)).Problem);

    [Theory]
    [InlineData("http://signaling.example.org/", "must use https")]
    [InlineData("ftp://example.org/", "not an http(s) address")]
    [InlineData("not a url", "not an http(s) address")]
    public void BadSignalingUrl_IsAProblem(string url, string expected)
    {
        var settings = Read(("SignalingUrl", url));

        Assert.Null(settings.SignalingUrl);
        Assert.Contains(expected, settings.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void IceServers_AreReadAsAList()
    {
        var settings = Read(("SignalingUrl", "https://example.org"), ("IceServers:0", "stun:127.0.0.1:3478"), ("IceServers:1", "stun:localhost"));

        Assert.Null(settings.Problem);
        Assert.Equal(["stun:127.0.0.1:3478", "stun:localhost"], settings.IceServers.Select(s => s.Urls.Single()));
    }

    [Fact]
    public void TurnServers_WithCredentialOrSharedSecret_AndRelayPolicy_AreRead()
    {
        var settings = Read(
            ("SignalingUrl", "https://example.org"),
            ("IceServers:0:Urls", "turn:10.201.0.1:3478"), ("IceServers:0:Username", "alice"), ("IceServers:0:Credential", "pw"),
            ("IceServers:1:Urls:0", "turn:10.201.0.2"), ("IceServers:1:Urls:1", "stun:10.201.0.2"), ("IceServers:1:SharedSecret", "s3cret"),
            ("IceTransportPolicy", "relay"));

        Assert.Null(settings.Problem);
        Assert.Equal(RtcIceTransportPolicy.Relay, settings.IceTransportPolicy);
        var fixedCredential = settings.IceServers[0].ToRtcIceServer(DateTimeOffset.UnixEpoch);
        Assert.Equal(("alice", "pw"), (fixedCredential.Username, fixedCredential.Credential));
        var derived = settings.IceServers[1].ToRtcIceServer(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        Assert.Equal(["turn:10.201.0.2", "stun:10.201.0.2"], derived.Urls);
        Assert.Equal("1700086400", derived.Username); // a day later, no user part
        Assert.DoesNotContain("s3cret", settings.IceServers[1].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw", settings.IceServers[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("IceTransportPolicy", "relay")] // relay without a turn: server
    [InlineData("IceTransportPolicy", "none")]
    public void BadPolicies_AreAProblem(string key, string value)
        => Assert.Contains(key, Read(("SignalingUrl", "https://example.org"), ("IceServers:0", "stun:h"), (key, value)).Problem, StringComparison.Ordinal);

    [Theory]
    [InlineData("turn:127.0.0.1:3478")] // a TURN server without a credential
    [InlineData("stun:")]
    [InlineData("127.0.0.1:3478")]
    public void IceServers_ThatAreNotUsableUris_AreAProblem(string server)
    {
        var settings = Read(("SignalingUrl", "https://example.org"), ("IceServers:0", server));

        Assert.Contains("IceServers", settings.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Durations_AndLoopbackOnly_AreRead()
    {
        var settings = Read(("SignalingUrl", "https://example.org"), ("LoopbackOnly", "true"), ("FailedTimeout", "00:00:04"), ("DisconnectedTimeout", "00:00:02"), ("PresencePollInterval", "00:00:01"));

        Assert.Null(settings.Problem);
        Assert.True(settings.LoopbackOnly);
        Assert.Equal(TimeSpan.FromSeconds(4), settings.FailedTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.PresencePollInterval);
    }

    [Theory]
    [InlineData("LoopbackOnly", "yes")]
    [InlineData("SignalTimeout", "soon")]
    [InlineData("ConnectTimeout", "-00:00:01")]
    [InlineData("ReconnectDelay", "00:00:00")]
    public void MalformedValues_AreAProblemNamingTheKey(string key, string value) =>
        Assert.Contains(key, Read(("SignalingUrl", "https://example.org"), (key, value)).Problem, StringComparison.Ordinal);

    [Fact]
    public void InconsistentTimeouts_AreAProblem()
    {
        Assert.Contains("MaxReconnectDelay", Read(("SignalingUrl", "https://example.org"), ("ReconnectDelay", "00:01:00"), ("MaxReconnectDelay", "00:00:10")).Problem, StringComparison.Ordinal);
        Assert.Contains("DisconnectedTimeout", Read(("SignalingUrl", "https://example.org"), ("DisconnectedTimeout", "00:00:10"), ("FailedTimeout", "00:00:05")).Problem, StringComparison.Ordinal);
    }
}
