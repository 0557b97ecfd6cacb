namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>Two real peer connections on loopback, negotiated with each other in process.</summary>
internal sealed class PeerPair : IAsyncDisposable
{
    private PeerPair(RtcPeerConnection offerer, RtcPeerConnection answerer)
    {
        Offerer = offerer;
        Answerer = answerer;
    }

    public RtcPeerConnection Offerer { get; }

    public RtcPeerConnection Answerer { get; }

    public static PeerPair FromConnections(RtcPeerConnection offerer, RtcPeerConnection answerer) => new(offerer, answerer);

    public static RtcConfiguration LoopbackConfiguration(RtcConfiguration? overrides = null)
        => (overrides ?? new RtcConfiguration()) with { LoopbackOnly = true };

    /// <summary>Offer, answer, and wait until both sides are connected.</summary>
    public static async Task<PeerPair> ConnectAsync(RtcConfiguration? offererConfiguration = null, RtcConfiguration? answererConfiguration = null, CancellationToken cancellationToken = default)
    {
        var offerer = new RtcPeerConnection(LoopbackConfiguration(offererConfiguration));
        var answerer = new RtcPeerConnection(LoopbackConfiguration(answererConfiguration));
        var pair = new PeerPair(offerer, answerer);
        var offer = await offerer.CreateOfferAsync(cancellationToken);
        answerer.SetRemoteDescription(offer);
        var answer = await answerer.CreateAnswerAsync(cancellationToken);
        offerer.SetRemoteDescription(answer);
        await Task.WhenAll(offerer.WaitForConnectedAsync(cancellationToken), answerer.WaitForConnectedAsync(cancellationToken));
        return pair;
    }

    /// <summary>Opens a DCEP channel from the offerer and returns both ends once open.</summary>
    public async Task<(RtcDataChannel Local, RtcDataChannel Remote)> OpenChannelAsync(string label, RtcDataChannelInit? init = null, CancellationToken cancellationToken = default)
    {
        var remote = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnOpened(RtcDataChannel channel)
        {
            if (channel.Label == label)
            {
                remote.TrySetResult(channel);
            }
        }

        Answerer.DataChannelOpened += OnOpened;
        try
        {
            var local = Offerer.CreateDataChannel(label, init);
            var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            local.Opened += () => opened.TrySetResult();
            if (local.State == RtcDataChannelState.Open)
            {
                opened.TrySetResult();
            }

            await opened.Task.WaitAsync(cancellationToken);
            return (local, await remote.Task.WaitAsync(cancellationToken));
        }
        finally
        {
            Answerer.DataChannelOpened -= OnOpened;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
    }
}
