using P2PClinic.WebRtc.Tests.Interop;

namespace P2PClinic.WebRtc.Tests.Turn;

/// <summary>Consent freshness (RFC 7675) on a path through a real coturn relay: the checks go through the allocation.</summary>
public class RelayedConsentTests
{
    [Fact]
    public async Task RelayedLink_StaysUpPastTheConsentTimeout_AndFailsOnceTheRelayIsGone()
    {
        var server = await CoturnServer.StartAsync();
        try
        {
            var configuration = new RtcConfiguration
            {
                IceServers = [RtcIceServer.WithSharedSecret([$"turn:{server.EndPoint.Address}:{server.EndPoint.Port}?transport=udp"], server.Secret, "consent", DateTimeOffset.UtcNow.AddHours(1))],
                IceTransportPolicy = RtcIceTransportPolicy.Relay,
                DisconnectedTimeout = TimeSpan.FromSeconds(2),
                FailedTimeout = TimeSpan.FromSeconds(4),
            };
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var states = new List<RtcPeerConnectionState>();
            var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var offerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration(configuration));
            var answerer = new RtcPeerConnection(PeerPair.LoopbackConfiguration(configuration));
            await using var pair = PeerPair.FromConnections(offerer, answerer);
            offerer.ConnectionStateChanged += s =>
            {
                lock (states)
                {
                    states.Add(s);
                }

                if (s == RtcPeerConnectionState.Failed)
                {
                    failed.TrySetResult();
                }
            };
            var offer = await offerer.CreateOfferAsync(cts.Token);
            answerer.SetRemoteDescription(offer);
            offerer.SetRemoteDescription(await answerer.CreateAnswerAsync(cts.Token));
            await Task.WhenAll(offerer.WaitForConnectedAsync(cts.Token), answerer.WaitForConnectedAsync(cts.Token));
            Assert.Equal(new RtcIcePath(RtcIceCandidateType.Relayed, RtcIceCandidateType.Relayed), offerer.SelectedPath);

            // Twice the consent timeout on the relay alone: only answered consent checks through it keep the link up.
            await Task.Delay(configuration.FailedTimeout * 2, cts.Token);
            Assert.Equal(RtcPeerConnectionState.Connected, offerer.ConnectionState);
            lock (states)
            {
                Assert.DoesNotContain(RtcPeerConnectionState.Disconnected, states);
            }

            await server.DisposeAsync();
            await failed.Task.WaitAsync(cts.Token);
            lock (states)
            {
                Assert.Equal([RtcPeerConnectionState.Disconnected, RtcPeerConnectionState.Failed], states.SkipWhile(s => s != RtcPeerConnectionState.Disconnected));
            }
        }
        finally
        {
            await server.DisposeAsync();
        }
    }
}
