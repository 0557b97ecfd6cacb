using System.Text;
using P2PClinic.WebRtc.Sdp;
using P2PClinic.WebRtc.Tests.Interop;

namespace P2PClinic.WebRtc.Tests.Turn;

/// <summary>Whole peer connections whose only path is a real coturn relay on loopback.</summary>
public class RelayedConnectionTests
{
    private static RtcIceServer Turn(CoturnServer server, string? secret = null)
        => RtcIceServer.WithSharedSecret([$"turn:{server.EndPoint.Address}:{server.EndPoint.Port}?transport=udp"], secret ?? server.Secret, "test", DateTimeOffset.UtcNow.AddHours(1));

    [Fact]
    public async Task RelayPolicy_BothSides_ConnectThroughTheRelay_OfferOnlyRelayCandidates_AndMoveData()
    {
        await using var server = await CoturnServer.StartAsync();
        var configuration = new RtcConfiguration { IceServers = [Turn(server)], IceTransportPolicy = RtcIceTransportPolicy.Relay };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration(configuration));
        var answerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration(configuration));
        await using var pair = PeerPair.FromConnections(offerer, answerer);
        var offer = await offerer.CreateOfferAsync(cts.Token);
        answerer.SetRemoteDescription(offer);
        var answer = await answerer.CreateAnswerAsync(cts.Token);
        offerer.SetRemoteDescription(answer);
        await Task.WhenAll(offerer.WaitForConnectedAsync(cts.Token), answerer.WaitForConnectedAsync(cts.Token));

        foreach (var sdp in new[] { offer.Sdp, answer.Sdp })
        {
            var candidates = SdpDataChannelDescription.Parse(sdp).Candidates;
            Assert.NotEmpty(candidates);
            Assert.All(candidates, c => Assert.Equal(P2PClinic.WebRtc.Ice.IceCandidateType.Relayed, c.Type));
        }

        Assert.Equal(new RtcIcePath(RtcIceCandidateType.Relayed, RtcIceCandidateType.Relayed), offerer.SelectedPath);
        Assert.Equal(RtcIceCandidateType.Relayed, answerer.SelectedPath!.Kind);
        Assert.Empty(offerer.IceServerProblems);

        var (local, remote) = await pair.OpenChannelAsync("relayed", cancellationToken: cts.Token);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = new MemoryStream();
        var payload = new byte[200_000];
        Random.Shared.NextBytes(payload);
        remote.MessageReceived += message =>
        {
            lock (total)
            {
                total.Write(message.Data.Span);
                if (total.Length >= payload.Length)
                {
                    received.TrySetResult(total.ToArray());
                }
            }
        };
        for (var i = 0; i < payload.Length; i += 50_000)
        {
            await local.SendAsync(payload.AsMemory(i, 50_000), cts.Token);
        }

        Assert.Equal(payload, await received.Task.WaitAsync(cts.Token));
    }

    [Fact]
    public async Task RelayPolicy_OnTheDualStackSocket_ConnectsThroughTheRelay()
    {
        await using var server = await CoturnServer.StartAsync();
        var configuration = new RtcConfiguration { IceServers = [Turn(server)], IceTransportPolicy = RtcIceTransportPolicy.Relay };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var offerer = new RtcPeerConnection(configuration);
        await using var answerer = new RtcPeerConnection(configuration);
        var offer = await offerer.CreateOfferAsync(cts.Token);
        answerer.SetRemoteDescription(offer);
        var answer = await answerer.CreateAnswerAsync(cts.Token);
        offerer.SetRemoteDescription(answer);
        await Task.WhenAll(offerer.WaitForConnectedAsync(cts.Token), answerer.WaitForConnectedAsync(cts.Token));
        Assert.Equal(RtcIceCandidateType.Relayed, offerer.SelectedPath!.Kind);
    }

    [Fact]
    public async Task RelayPolicy_TurnOverTcp_ConnectsThroughTheRelay_AndMovesData()
    {
        await using var server = await CoturnServer.StartAsync();
        var turn = RtcIceServer.WithSharedSecret([$"turn:{server.EndPoint.Address}:{server.EndPoint.Port}?transport=tcp"], server.Secret, "tcp", DateTimeOffset.UtcNow.AddHours(1));
        var configuration = PeerPair.LoopbackConfiguration(new RtcConfiguration { IceServers = [turn], IceTransportPolicy = RtcIceTransportPolicy.Relay });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var pair = await PeerPair.ConnectAsync(configuration, configuration, cts.Token);
        Assert.Equal(RtcIceCandidateType.Relayed, pair.Offerer.SelectedPath!.Kind);
        Assert.Empty(pair.Offerer.IceServerProblems);

        var (local, remote) = await pair.OpenChannelAsync("over-tcp", cancellationToken: cts.Token);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var total = new MemoryStream();
        remote.MessageReceived += m =>
        {
            lock (total)
            {
                total.Write(m.Data.Span);
                if (total.Length >= 300_000)
                {
                    received.TrySetResult(total.ToArray());
                }
            }
        };
        var payload = new byte[300_000];
        Random.Shared.NextBytes(payload);
        for (var i = 0; i < payload.Length; i += 60_000)
        {
            await local.SendAsync(payload.AsMemory(i, 60_000), cts.Token);
        }

        Assert.Equal(payload, await received.Task.WaitAsync(cts.Token));
    }

    [Fact]
    public async Task TurnOverTcp_ServerNotListening_IsReportedAsAProblem()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now: the connection is refused
        var configuration = new RtcConfiguration { IceServers = [new RtcIceServer { Urls = [$"turn:127.0.0.1:{port}?transport=tcp"], Username = "u", Credential = "p" }] };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var pair = await PeerPair.ConnectAsync(configuration, configuration, cts.Token);
        Assert.Contains(pair.Offerer.IceServerProblems, p => p.Contains("TCP connection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongTurnSecret_IsReportedAsAProblem_AndHostCandidatesStillConnect()
    {
        await using var server = await CoturnServer.StartAsync();
        var configuration = new RtcConfiguration { IceServers = [Turn(server, secret: "not-the-secret")] };
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await using var pair = await PeerPair.ConnectAsync(configuration, configuration, cts.Token);
        Assert.Equal(RtcIceCandidateType.Host, pair.Offerer.SelectedPath!.Kind);
        var problem = Assert.Single(pair.Offerer.IceServerProblems);
        Assert.Contains("rejected the credentials", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-secret", problem, StringComparison.Ordinal);

        var (local, remote) = await pair.OpenChannelAsync("still-works", cancellationToken: cts.Token);
        var got = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        remote.MessageReceived += m => got.TrySetResult(Encoding.UTF8.GetString(m.Data.Span));
        await local.SendAsync(Encoding.UTF8.GetBytes("hello"), cts.Token);
        Assert.Equal("hello", await got.Task.WaitAsync(cts.Token));
    }
}
