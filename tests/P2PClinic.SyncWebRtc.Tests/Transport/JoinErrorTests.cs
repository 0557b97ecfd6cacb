using P2PClinic.Sdk.Transport;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

public sealed class JoinErrorTests
{
    [Fact]
    public async Task Join_WithoutASignalingUrl_FailsAsNotConfigured_NamingTheSetting()
    {
        await using var transport = TestTransports.Create(TestTransports.Settings(new Uri("http://127.0.0.1:1/")) with
        {
            SignalingUrl = null,
            Problem = "no signaling server is configured: set Plugins:p2pclinic.sync-webrtc:SignalingUrl",
        });

        var e = await Assert.ThrowsAsync<PeerTransportException>(() => transport.JoinAsync("room", CancellationToken.None));

        Assert.Equal(PeerTransportFailure.NotConfigured, e.Failure);
        Assert.Contains("SignalingUrl", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_WhenNothingListensAtTheSignalingUrl_FailsAsUnreachable()
    {
        await using var transport = TestTransports.Create(new Uri($"http://127.0.0.1:{FreePort.Next()}/"));

        var e = await Assert.ThrowsAsync<PeerTransportException>(() => transport.JoinAsync("room", CancellationToken.None));

        Assert.Equal(PeerTransportFailure.Unreachable, e.Failure);
        Assert.Contains("signaling server", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task Join_WithABlankRoomId_IsAnArgumentError(string roomId)
    {
        await using var transport = TestTransports.Create(new Uri("http://127.0.0.1:1/"));

        await Assert.ThrowsAnyAsync<ArgumentException>(() => transport.JoinAsync(roomId, CancellationToken.None));
    }

    [Fact]
    public async Task Join_AfterDispose_IsRefused()
    {
        var transport = TestTransports.Create(new Uri("http://127.0.0.1:1/"));
        await transport.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => transport.JoinAsync("room", CancellationToken.None));
    }
}
