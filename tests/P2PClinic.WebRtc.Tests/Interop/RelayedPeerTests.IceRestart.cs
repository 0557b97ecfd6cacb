namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>ICE restart between two C# peers: their path through the relay dies, a restart finds the direct one.</summary>
public partial class RelayedPeerTests
{
    [Fact]
    public async Task IceRestart_AfterThePathDies_TheSameChannelCarriesOnOverANewPairWithNothingLostOrReordered()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var relayed = await RelayedPair.ConnectAsync(_ => { }, new RtcConfiguration { DisconnectedTimeout = TimeSpan.FromSeconds(2), FailedTimeout = TimeSpan.FromSeconds(20) }, cts.Token);
        var (offerer, answerer) = (relayed.Pair.Offerer, relayed.Pair.Answerer);
        var (sender, receiver) = await relayed.Pair.OpenChannelAsync("carried over", cancellationToken: cts.Token);
        var inbox = CSharpToCSharpTests.Collect(receiver);
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var states = new List<RtcPeerConnectionState>();
        offerer.ConnectionStateChanged += s =>
        {
            lock (states)
            {
                states.Add(s);
            }

            if (s == RtcPeerConnectionState.Disconnected)
            {
                disconnected.TrySetResult();
            }
        };

        for (var i = 0; i < 100; i++)
        {
            await sender.SendAsync($"message {i}", cts.Token);
        }

        // The path dies (as when a NAT drops its mapping); messages sent now wait in SCTP for a path.
        relayed.Relay.DropAll = true;
        await disconnected.Task.WaitAsync(cts.Token);
        for (var i = 100; i < 200; i++)
        {
            await sender.SendAsync($"message {i}", cts.Token);
        }

        // Signaling still reaches the peer: a restart offer and answer with new credentials and the real host candidates.
        var offer = await offerer.CreateIceRestartOfferAsync(cts.Token);
        var answer = await answerer.SetIceRestartDescriptionAsync(offer, cts.Token);
        Assert.NotNull(answer);
        Assert.Null(await offerer.SetIceRestartDescriptionAsync(answer, cts.Token));
        for (var i = 200; i < 300; i++)
        {
            await sender.SendAsync($"message {i}", cts.Token);
        }

        // The relay drops everything still: whatever arrives now came over the new pair.
        for (var i = 0; i < 300; i++)
        {
            var message = await inbox.ReadAsync(cts.Token);
            Assert.Equal($"message {i}", message.Text);
        }

        Assert.Equal(RtcPeerConnectionState.Connected, offerer.ConnectionState);
        Assert.Equal(RtcDataChannelState.Open, sender.State);
        lock (states)
        {
            // Disconnected, then Connected again: never Failed or Closed, so no new DTLS or SCTP was made.
            Assert.Equal([RtcPeerConnectionState.Disconnected, RtcPeerConnectionState.Connected], states.SkipWhile(s => s != RtcPeerConnectionState.Disconnected));
        }
    }

    [Fact]
    public async Task SetIceRestartDescriptionAsync_OldCredentialsOrAnotherCertificate_IsRefusedAndTheLinkStaysUp()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pair = await PeerPair.ConnectAsync(cancellationToken: cts.Token);
        var (local, remote) = await pair.OpenChannelAsync("kept", cancellationToken: cts.Token);
        var inbox = CSharpToCSharpTests.Collect(remote);

        await using var stranger = new RtcPeerConnection(PeerPair.LoopbackConfiguration());
        var strangerOffer = await stranger.CreateOfferAsync(cts.Token);
        var restartOffer = await pair.Offerer.CreateIceRestartOfferAsync(cts.Token);
        var anotherCertificate = await Assert.ThrowsAsync<RtcSdpException>(() => pair.Answerer.SetIceRestartDescriptionAsync(strangerOffer, cts.Token));
        Assert.Contains("fingerprint", anotherCertificate.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Offerer.SetIceRestartDescriptionAsync(restartOffer, cts.Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Answerer.CreateIceRestartOfferAsync(cts.Token));

        // The refused descriptions cost nothing: the restart offer still goes through and the channel carries on.
        var answer = await pair.Answerer.SetIceRestartDescriptionAsync(restartOffer, cts.Token);
        await pair.Offerer.SetIceRestartDescriptionAsync(answer!, cts.Token);
        await local.SendAsync("after", cts.Token);
        Assert.Equal("after", (await inbox.ReadAsync(cts.Token)).Text);

        // The same restart offer again keeps the credentials now in use: not a restart.
        await Assert.ThrowsAsync<RtcSdpException>(() => pair.Answerer.SetIceRestartDescriptionAsync(restartOffer, cts.Token));
    }
}
