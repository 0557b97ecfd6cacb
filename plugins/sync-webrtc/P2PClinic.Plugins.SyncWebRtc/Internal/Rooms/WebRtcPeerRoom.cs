using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.Sdk.Transport;
using P2PClinic.Plugins.SyncWebRtc.Internal.Links;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;

/// <summary>
/// Membership of one room through the signaling server (docs/protocol.md, "A node's loop"): announce and re-announce
/// before the presence lapses; read the presence list to learn joins and leaves; keep one long-poll drain of the
/// mailbox outstanding for offers and answers; leave with DELETE when disposed.
/// </summary>
internal sealed class WebRtcPeerRoom : IPeerRoom
{
    /// <summary>Re-announce at least this often (docs/protocol.md: presence lasts 2 minutes, announce every ~60 s).</summary>
    private static readonly TimeSpan MaxAnnounceInterval = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan MinAnnounceInterval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The pause after a drain that brought nothing, before the next long poll.</summary>
    private static readonly TimeSpan EmptyDrainPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most peers one room tracks (docs/protocol.md: <c>Signaling:MaxPeersPerRoom</c> defaults to 64). Each may
    /// hold a peer connection, so a server that lists, or a member that signals as, thousands of peers is cut off here.
    /// </summary>
    internal const int MaxPeers = 64;

    private readonly SignalingClient signaling;
    private readonly RoomSecrets secrets;
    private readonly SignalSeal seal;
    private readonly ILogger logger;
    private readonly Action<WebRtcPeerRoom> onDisposed;
    private readonly Channel<PeerRoomEvent> events = Channel.CreateUnbounded<PeerRoomEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, PeerSession> sessions = new(StringComparer.Ordinal);
    private readonly Lock sessionsGate = new();
    private readonly CancellationTokenSource stopping = new();
    private Task presenceLoop = Task.CompletedTask;
    private Task drainLoop = Task.CompletedTask;
    private int disposed;

    private WebRtcPeerRoom(
        SyncWebRtcSettings settings, RtcConfiguration rtcConfiguration, SignalingClient signaling, RoomSecrets secrets,
        TimeProvider time, ILogger logger, Action<WebRtcPeerRoom> onDisposed)
    {
        Settings = settings;
        RtcConfiguration = rtcConfiguration;
        this.signaling = signaling;
        this.secrets = secrets;
        Time = time;
        this.logger = logger;
        this.onDisposed = onDisposed;
        seal = new SignalSeal(secrets, time);
        LocalPeerId = PeerId.New();
    }

    public string LocalPeerId { get; }

    public IReadOnlyCollection<string> Peers
    {
        get
        {
            lock (sessionsGate)
            {
                return [.. sessions.Keys];
            }
        }
    }

    public string RoomToken => secrets.Token;

    internal SyncWebRtcSettings Settings { get; }

    internal RtcConfiguration RtcConfiguration { get; }

    private readonly HashSet<string> reportedIceServerProblems = [];

    internal TimeProvider Time { get; }

    internal int MaxMessageSize => RtcConfiguration.MaxMessageSize;

    /// <summary>Announces this node in the room and starts its loops.</summary>
    /// <exception cref="PeerTransportException">The signaling server is unreachable or refused the announce.</exception>
    public static async Task<WebRtcPeerRoom> JoinAsync(
        string roomId, SyncWebRtcSettings settings, RtcConfiguration rtcConfiguration, SignalingClient signaling,
        TimeProvider time, ILogger logger, Action<WebRtcPeerRoom> onDisposed, CancellationToken cancellationToken)
    {
        var room = new WebRtcPeerRoom(settings, rtcConfiguration, signaling, RoomSecrets.Derive(roomId), time, logger, onDisposed);
        TimeSpan lasts;
        try
        {
            lasts = await signaling.AnnounceAsync(room.RoomToken, room.LocalPeerId, cancellationToken).ConfigureAwait(false);
        }
        catch (SignalingException e)
        {
            throw new PeerTransportException(
                e.IsUnreachable ? PeerTransportFailure.Unreachable : PeerTransportFailure.Rejected,
                $"could not join the room through the signaling server at {settings.SignalingUrl}: {e.Message}",
                e);
        }

        SyncWebRtcLog.Joined(logger, room.RoomToken, room.LocalPeerId);
        room.presenceLoop = Task.Run(() => room.PresenceLoopAsync(AnnounceInterval(lasts), room.stopping.Token));
        room.drainLoop = Task.Run(() => room.DrainLoopAsync(room.stopping.Token));
        return room;
    }

    public async IAsyncEnumerable<PeerRoomEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (events.Reader.TryRead(out var next))
            {
                yield return next;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        await presenceLoop.ConfigureAwait(false);
        await drainLoop.ConfigureAwait(false);
        List<PeerSession> all;
        lock (sessionsGate)
        {
            all = [.. sessions.Values];
            sessions.Clear();
        }

        await Task.WhenAll(all.Select(s => s.CloseAsync(PeerLinkCloseReason.ClosedLocally, "this node left the room"))).ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(LeaveTimeout, Time);
            await signaling.LeaveAsync(RoomToken, LocalPeerId, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SignalingException or OperationCanceledException)
        {
            // The presence lapses on its own within the server's TTL.
            SyncWebRtcLog.SignalingFailed(logger, RoomToken, "leaving: " + e.Message);
        }

        SyncWebRtcLog.Left(logger, RoomToken, LocalPeerId);
        events.Writer.TryComplete();
        stopping.Dispose();
        onDisposed(this);
    }

    internal Task PostSignalAsync(string to, SignalKind kind, ulong attemptId, string sdp, CancellationToken cancellationToken) =>
        signaling.PostAsync(RoomToken, to, LocalPeerId, seal.Seal(kind, LocalPeerId, to, attemptId, sdp), cancellationToken);

    /// <summary>
    /// The configuration of one new connection: TURN credentials derived from a shared secret are made fresh here, so a
    /// node that runs for weeks never offers an expired one. Settings without servers keep the given configuration's.
    /// </summary>
    internal RtcConfiguration NewConnectionConfiguration()
        => Settings.IceServers.Count == 0 ? RtcConfiguration : RtcConfiguration with { IceServers = [.. Settings.IceServers.Select(s => s.ToRtcIceServer(Time.GetUtcNow()))] };

    internal void LinkEstablished(WebRtcPeerLink link)
    {
        SyncWebRtcLog.LinkEstablished(logger, RoomToken, link.RemotePeerId, link.PathDescription is { Length: > 0 } path ? path : "an unknown path");
        foreach (var problem in link.IceServerProblems)
        {
            // Once per problem per room: a wrong TURN credential must be visible, but not once a connection.
            if (reportedIceServerProblems.Add(problem))
            {
                SyncWebRtcLog.IceServerProblem(logger, RoomToken, problem);
            }
        }

        events.Writer.TryWrite(new PeerLinkEstablished(link));
    }

    internal void LinkLost(string peerId, PeerLinkClosure closure)
    {
        SyncWebRtcLog.LinkLost(logger, RoomToken, peerId, closure.ToString());
        events.Writer.TryWrite(new PeerLinkLost(peerId, closure));
    }

    internal void ConnectFailed(string peerId, string problem, TimeSpan nextDelay) => SyncWebRtcLog.ConnectFailed(logger, RoomToken, peerId, problem, nextDelay);

    internal void AnswerFailed(string peerId, string problem) => SyncWebRtcLog.AnswerFailed(logger, RoomToken, peerId, problem);

    internal void Ignored(string peerId, string reason) => SyncWebRtcLog.SignalIgnored(logger, RoomToken, peerId, reason);

    /// <summary>Half the time the presence lasts by the server's clock, within 1 to 60 seconds.</summary>
    private static TimeSpan AnnounceInterval(TimeSpan lasts)
    {
        var half = lasts / 2;
        return half < MinAnnounceInterval ? MinAnnounceInterval : half > MaxAnnounceInterval ? MaxAnnounceInterval : half;
    }

    private async Task PresenceLoopAsync(TimeSpan announceEvery, CancellationToken cancellationToken)
    {
        var nextAnnounce = Time.GetUtcNow() + announceEvery;
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!first)
                {
                    await Task.Delay(Settings.PresencePollInterval, Time, cancellationToken).ConfigureAwait(false);
                }

                first = false;
                if (Time.GetUtcNow() >= nextAnnounce)
                {
                    announceEvery = AnnounceInterval(await signaling.AnnounceAsync(RoomToken, LocalPeerId, cancellationToken).ConfigureAwait(false));
                    nextAnnounce = Time.GetUtcNow() + announceEvery;
                }

                var askedAt = Time.GetUtcNow();
                var listed = await signaling.ListPeersAsync(RoomToken, cancellationToken).ConfigureAwait(false);
                await UpdatePresenceAsync(listed, askedAt).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SignalingException e)
            {
                // The next tick tries again (later, if the server asked for that); peers stay as they were meanwhile.
                SyncWebRtcLog.SignalingFailed(logger, RoomToken, e.Message);
                if (e.RetryAfter is { } wait && !await DelayAsync(wait, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    private async Task DrainLoopAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var messages = await signaling.DrainAsync(RoomToken, LocalPeerId, SignalingClient.MaxDrainWaitSeconds, cancellationToken).ConfigureAwait(false);
                backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
                foreach (var message in messages)
                {
                    Deliver(message);
                }

                // An empty answer normally comes after the whole wait; one that comes at once (a server shutting down,
                // a proxy that drops the wait, a hostile server) must not turn the long poll into a busy loop. Signals
                // posted meanwhile wait in the mailbox for the next drain.
                if (messages.Count == 0 && !await DelayAsync(EmptyDrainPause, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SignalingException e)
            {
                SyncWebRtcLog.SignalingFailed(logger, RoomToken, e.Message);
                if (!await RecoverAsync(e, backoff, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
    }

    /// <summary>After a failed drain: announce again if our presence lapsed, else wait a little longer each time. False once the room stops.</summary>
    private async Task<bool> RecoverAsync(SignalingException failure, ReconnectBackoff backoff, CancellationToken cancellationToken)
    {
        try
        {
            if (failure.ProblemType == SignalingException.PeerNotPresent)
            {
                // Our presence lapsed (the server restarted, or we were cut off for long): announce again at once.
                await signaling.AnnounceAsync(RoomToken, LocalPeerId, cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SignalingException again)
        {
            SyncWebRtcLog.SignalingFailed(logger, RoomToken, again.Message);
        }

        var delay = backoff.Next() + TimeSpan.FromMilliseconds(100);
        return await DelayAsync(failure.RetryAfter is { } asked && asked > delay ? asked : delay, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits; false when the room stopped meanwhile.</summary>
    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, Time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Deliver(MailboxMessage message)
    {
        if (!Signaling.PeerId.IsValid(message.From) || message.From == LocalPeerId)
        {
            SyncWebRtcLog.SignalRejected(logger, RoomToken, message.From, "the sender is not another peer");
            return;
        }

        Signal signal;
        try
        {
            signal = seal.Open(message.Signal, message.From, LocalPeerId);
        }
        catch (SignalRejectedException e)
        {
            SyncWebRtcLog.SignalRejected(logger, RoomToken, message.From, $"{e.Rejection}: {e.Message}");
            return;
        }

        var session = SessionFor(message.From);
        if (session is null)
        {
            return;
        }

        switch (signal.Kind)
        {
            case SignalKind.Offer:
                session.OnOffer(signal);
                break;
            case SignalKind.Answer:
                session.OnAnswer(signal);
                break;
            case SignalKind.Knock:
                // Creating the session was the point: an offerer starts offering as soon as it exists.
                break;
        }
    }

    /// <summary>The session for a peer that just signalled us, created (and reported joined) if the list has not shown it yet.</summary>
    private PeerSession? SessionFor(string peerId)
    {
        lock (sessionsGate)
        {
            if (stopping.IsCancellationRequested)
            {
                return null;
            }

            if (!sessions.TryGetValue(peerId, out var session))
            {
                if (sessions.Count >= MaxPeers)
                {
                    SyncWebRtcLog.SignalIgnored(logger, RoomToken, peerId, $"the room already tracks {MaxPeers} peers");
                    return null;
                }

                session = AddSession(peerId, knock: false);
            }

            return session;
        }
    }

    private async Task UpdatePresenceAsync(IReadOnlyList<string> listed, DateTimeOffset askedAt)
    {
        var present = listed.Where(p => p != LocalPeerId && Signaling.PeerId.IsValid(p)).ToHashSet(StringComparer.Ordinal);
        List<PeerSession> gone;
        lock (sessionsGate)
        {
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            // A peer that signalled us after the list was asked for is present even if the list does not say so yet.
            gone = [.. sessions.Values.Where(s => !present.Contains(s.PeerId) && s.CreatedAt < askedAt)];
            foreach (var session in gone)
            {
                sessions.Remove(session.PeerId);
            }

            // Beyond the cap, peers wait for a place: a later list adds them once others have left.
            foreach (var peer in present.Where(p => !sessions.ContainsKey(p)).Take(Math.Max(0, MaxPeers - sessions.Count)).ToList())
            {
                AddSession(peer, knock: true);
            }
        }

        foreach (var session in gone)
        {
            await session.CloseAsync(PeerLinkCloseReason.PeerLeft, "the peer left the room").ConfigureAwait(false);
            SyncWebRtcLog.PeerLeft(logger, RoomToken, session.PeerId);
            events.Writer.TryWrite(new PeerLeft(session.PeerId));
        }
    }

    private PeerSession AddSession(string peerId, bool knock)
    {
        var session = new PeerSession(this, peerId, Time.GetUtcNow());
        sessions.Add(peerId, session);
        SyncWebRtcLog.PeerJoined(logger, RoomToken, peerId);
        events.Writer.TryWrite(new PeerJoined(peerId));
        session.Start(knock);
        return session;
    }

    /// <summary>Tells a peer we wait for an offer from that we are here (best-effort: its presence poll finds us anyway).</summary>
    internal async Task KnockAsync(string peerId, CancellationToken cancellationToken)
    {
        try
        {
            await PostSignalAsync(peerId, SignalKind.Knock, 0, "", cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // leaving
        }
        catch (SignalingException e)
        {
            SyncWebRtcLog.SignalingFailed(logger, RoomToken, "knocking: " + e.Message);
        }
    }
}
