using System.Net;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.Testing;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

[Collection(SignalingCollection.Name)]
public sealed class RateLimitTests
{
    [Fact]
    public async Task ARateLimitedCall_SaysHowLongTheServerAskedUsToWait()
    {
        await using var server = await SignalingServerProcess.StartAsync("--Signaling:RateLimits:Presence:PermitLimit", "2");
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var client = new SignalingClient(http, server.Address, TimeSpan.FromSeconds(30));
        var room = RoomSecrets.Derive(TestTransports.NewRoomId()).Token;

        await client.ListPeersAsync(room, CancellationToken.None);
        await client.ListPeersAsync(room, CancellationToken.None);
        var e = await Assert.ThrowsAsync<SignalingException>(() => client.ListPeersAsync(room, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, e.Status);
        Assert.Equal(SignalingException.RateLimited, e.ProblemType);
        Assert.NotNull(e.RetryAfter);
        Assert.True(e.RetryAfter > TimeSpan.Zero);
    }
}
