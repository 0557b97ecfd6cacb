using System.Security.Cryptography;
using P2PClinic.Plugins.SyncWebRtc.Internal.Links;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.Sdk.Transport;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;

/// <summary>
/// This node's relation to one present peer of a room: the link to it, and the work of (re-)establishing it.
/// </summary>
/// <remarks>
/// Exactly one side offers, so the two never offer at once (no glare): the peer whose id sorts lower (ordinal).
/// The offerer retries with back-off while the peer stays present (an unanswered offer is simply offered again:
/// signals are best-effort); the answerer answers every fresh offer, and an offer while a link is up means the
/// offerer has lost that link, so the old link ends and the new connection replaces it.
/// </remarks>
internal sealed class PeerSession
{
    private readonly WebRtcPeerRoom room;
    private readonly CancellationTokenSource life = new();
    private readonly Lock gate = new();
    private readonly ReconnectBackoff backoff;
    private WebRtcPeerLink? link;
    private PendingOffer? pendingOffer;
    private CancellationTokenSource? answering;
    private Task connector = Task.CompletedTask;
    private Task answer = Task.CompletedTask;

    public PeerSession(WebRtcPeerRoom room, string peerId, DateTimeOffset createdAt)
    {
        this.room = room;
        PeerId = peerId;
        CreatedAt = createdAt;
        IsOfferer = string.CompareOrdinal(room.LocalPeerId, peerId) < 0;
        backoff = new ReconnectBackoff(room.Settings.ReconnectDelay, room.Settings.MaxReconnectDelay);
    }

    public string PeerId { get; }

    /// <summary>When the session began: a presence list fetched before then may not know the peer yet.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Whether this node makes the offers to the peer.</summary>
    public bool IsOfferer { get; }

    /// <summary>Starts offering (as the offerer), or knocks (as the answerer that found the peer in the presence list).</summary>
    public void Start(bool knock)
    {
        if (IsOfferer)
        {
            connector = Task.Run(() => OfferLoopAsync(life.Token));
        }
        else if (knock)
        {
            connector = Task.Run(() => room.KnockAsync(PeerId, life.Token));
        }
    }

    public void OnOffer(Signal offer)
    {
        if (IsOfferer)
        {
            room.Ignored(PeerId, "an offer from a peer this node offers to (both sides must order peer ids the same way)");
            return;
        }

        CancellationTokenSource attempt;
        WebRtcPeerLink? replaced;
        Task previous;
        lock (gate)
        {
            if (life.IsCancellationRequested)
            {
                return;
            }

            // A newer offer supersedes the attempt under way: it is cancelled, and the new one starts once it has let go.
            answering?.Cancel();
            attempt = CancellationTokenSource.CreateLinkedTokenSource(life.Token);
            answering = attempt;
            replaced = link;
            previous = answer;
            var token = attempt.Token;
            answer = Task.Run(async () =>
            {
                await Task.WhenAny(previous).ConfigureAwait(false);
                try
                {
                    // An offer superseded while it queued costs nothing: a flood of offers builds one connection, not one each.
                    if (!token.IsCancellationRequested)
                    {
                        await AnswerAsync(offer, token).ConfigureAwait(false);
                    }
                }
                finally
                {
                    lock (gate)
                    {
                        // The attempt's source is disposed by its own task, under the lock OnOffer cancels it under.
                        if (ReferenceEquals(answering, attempt))
                        {
                            answering = null;
                        }

                        attempt.Dispose();
                    }
                }
            });
        }

        if (replaced is not null)
        {
            _ = EndLinkAsync(replaced, PeerLinkCloseReason.ClosedByPeer, "the peer started a new connection");
        }
    }

    public void OnAnswer(Signal signal)
    {
        lock (gate)
        {
            if (pendingOffer is { } pending && pending.AttemptId == signal.AttemptId)
            {
                pending.Answer.TrySetResult(signal.Sdp);
                return;
            }
        }

        room.Ignored(PeerId, "an answer to no pending offer (late, or for an attempt given up)");
    }

    /// <summary>Stops all work for the peer; a live link ends with <paramref name="reason"/> (reported lost before this returns).</summary>
    public async Task CloseAsync(PeerLinkCloseReason reason, string detail)
    {
        WebRtcPeerLink? current;
        lock (gate)
        {
            if (life.IsCancellationRequested)
            {
                return;
            }

            life.Cancel();
            current = link;
        }

        if (current is not null)
        {
            await EndLinkAsync(current, reason, detail).ConfigureAwait(false);
        }

        await connector.ConfigureAwait(false);
        await Task.WhenAny(answer).ConfigureAwait(false);
    }

    private async Task OfferLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = backoff.Next();
            try
            {
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, room.Time, cancellationToken).ConfigureAwait(false);
                }

                var established = await OfferAsync(cancellationToken).ConfigureAwait(false);
                if (!await AdoptAsync(established, cancellationToken).ConfigureAwait(false))
                {
                    await established.CloseAsync(PeerLinkCloseReason.ClosedLocally, "the room was left while connecting").ConfigureAwait(false);
                    return;
                }

                await established.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
                backoff.AfterLinkLost();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsConnectFailure(e))
            {
                room.ConnectFailed(PeerId, e.Message, backoff.Current);
            }
        }
    }

    private async Task<WebRtcPeerLink> OfferAsync(CancellationToken cancellationToken)
    {
        var connection = new RtcPeerConnection(room.NewConnectionConfiguration());
        var attemptId = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        try
        {
            var offer = await connection.CreateOfferAsync(cancellationToken).ConfigureAwait(false);
            var pending = new PendingOffer(attemptId, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            lock (gate)
            {
                pendingOffer = pending;
            }

            await room.PostSignalAsync(PeerId, SignalKind.Offer, attemptId, offer.Sdp, cancellationToken).ConfigureAwait(false);
            string answerSdp;
            try
            {
                answerSdp = await pending.Answer.Task.WaitAsync(room.Settings.SignalTimeout, room.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"no answer within {room.Settings.SignalTimeout.TotalSeconds:0.#} s");
            }

            connection.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Answer, answerSdp));
            var inbox = new DataChannelInbox(connection.CreateDataChannel(WebRtcPeerLink.ChannelLabel, new RtcDataChannelInit(Ordered: true, Id: WebRtcPeerLink.StreamId)));
            return await CompleteAsync(connection, inbox, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            lock (gate)
            {
                if (pendingOffer?.AttemptId == attemptId)
                {
                    pendingOffer = null;
                }
            }
        }
    }

    private async Task AnswerAsync(Signal offer, CancellationToken cancellationToken)
    {
        var connection = new RtcPeerConnection(room.NewConnectionConfiguration());
        try
        {
            connection.SetRemoteDescription(new RtcSessionDescription(RtcSdpType.Offer, offer.Sdp));
            var inbox = new DataChannelInbox(connection.CreateDataChannel(WebRtcPeerLink.ChannelLabel, new RtcDataChannelInit(Ordered: true, Id: WebRtcPeerLink.StreamId)));
            var answerDescription = await connection.CreateAnswerAsync(cancellationToken).ConfigureAwait(false);
            await room.PostSignalAsync(PeerId, SignalKind.Answer, offer.AttemptId, answerDescription.Sdp, cancellationToken).ConfigureAwait(false);
            var established = await CompleteAsync(connection, inbox, cancellationToken).ConfigureAwait(false);
            if (!await AdoptAsync(established, cancellationToken).ConfigureAwait(false))
            {
                await established.CloseAsync(PeerLinkCloseReason.ClosedLocally, "superseded while connecting").ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsConnectFailure(e))
        {
            room.AnswerFailed(PeerId, e.Message);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the connection is up and the channel open, and wraps both in a link.</summary>
    private async Task<WebRtcPeerLink> CompleteAsync(RtcPeerConnection connection, DataChannelInbox inbox, CancellationToken cancellationToken)
    {
        var channel = inbox.DataChannel;
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => opened.TrySetResult();
        channel.Closed += () => opened.TrySetException(new RtcConnectionException("the data channel closed before it opened"));
        if (channel.State == RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }

        await connection.WaitForConnectedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await opened.Task.WaitAsync(room.Settings.ConnectTimeout, room.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the data channel did not open within {room.Settings.ConnectTimeout.TotalSeconds:0.#} s");
        }

        // What the peer accepts bounds what the link promises: a send within MaxMessageSize must never be refused below.
        return new WebRtcPeerLink(PeerId, connection, inbox, connection.MaxSendMessageSize ?? room.MaxMessageSize);
    }

    /// <summary>
    /// Makes <paramref name="established"/> the peer's link and reports it; false when its attempt was superseded (a
    /// newer offer came) or the session is over. A link still in place is reported lost first: there is never more
    /// than one link to a peer, and every link reported established is reported lost.
    /// </summary>
    private async Task<bool> AdoptAsync(WebRtcPeerLink established, CancellationToken attempt)
    {
        WebRtcPeerLink? previous;
        lock (gate)
        {
            if (attempt.IsCancellationRequested)
            {
                return false;
            }

            previous = link;
        }

        if (previous is not null)
        {
            await EndLinkAsync(previous, PeerLinkCloseReason.ClosedByPeer, "the peer started a new connection").ConfigureAwait(false);
        }

        lock (gate)
        {
            // Cancelled meanwhile, or another attempt got in first: this one yields.
            if (attempt.IsCancellationRequested || link is not null)
            {
                return false;
            }

            link = established;
            room.LinkEstablished(established);
        }

        _ = established.Completion.ContinueWith(
            t => OnLinkEnded(established, t.Result),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return true;
    }

    private void OnLinkEnded(WebRtcPeerLink ended, PeerLinkClosure closure)
    {
        lock (gate)
        {
            if (!ReferenceEquals(link, ended))
            {
                return;
            }

            link = null;
            room.LinkLost(PeerId, closure);
        }
    }

    private async Task EndLinkAsync(WebRtcPeerLink ending, PeerLinkCloseReason reason, string detail)
    {
        // Report with the room's reason before the connection's own events could report another one.
        var closing = ending.CloseAsync(reason, detail);
        OnLinkEnded(ending, await ending.Completion.ConfigureAwait(false));
        await closing.ConfigureAwait(false);
    }

    private static bool IsConnectFailure(Exception e) =>
        e is RtcConnectionException or SignalingException or TimeoutException or InvalidOperationException
            or FormatException or ArgumentException or IOException or OperationCanceledException;

    private sealed record PendingOffer(ulong AttemptId, TaskCompletionSource<string> Answer);
}
