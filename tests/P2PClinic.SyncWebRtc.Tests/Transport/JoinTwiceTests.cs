using P2PClinic.SyncWebRtc.Tests.Infrastructure;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

[Collection(SignalingCollection.Name)]
public sealed class JoinTwiceTests
{
    private readonly SignalingServerFixture signaling;

    public JoinTwiceTests(SignalingServerFixture signaling)
    {
        this.signaling = signaling;
    }

    [Fact]
    public async Task JoiningARoomTheTransportIsIn_IsRefused_SoTheNodeNeverLinksToItself()
    {
        await using var transport = TestTransports.Create(signaling.Address);
        var roomId = TestTransports.NewRoomId();
        await using var first = await transport.JoinAsync(roomId, CancellationToken.None);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => transport.JoinAsync(roomId, CancellationToken.None));

        Assert.Contains("already", e.Message, StringComparison.Ordinal);
        Assert.Empty(first.Peers);
    }

    [Fact]
    public async Task ARoomLeft_CanBeJoinedAgain()
    {
        await using var transport = TestTransports.Create(signaling.Address);
        var roomId = TestTransports.NewRoomId();
        var first = await transport.JoinAsync(roomId, CancellationToken.None);
        await first.DisposeAsync();

        await using var again = await transport.JoinAsync(roomId, CancellationToken.None);

        Assert.NotEqual(first.LocalPeerId, again.LocalPeerId);
    }
}
