using Microsoft.Extensions.Logging;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Transport;
using P2PClinic.Sync.Keys;
using P2PClinic.Sync.Sessions;

namespace P2PClinic.Sync.Engine;

/// <summary>
/// One shared org's presence in its room: joins it (again after failures), runs a session per link, relays every
/// change to every authenticated peer except the one it came from (so a partial mesh converges), and keeps the status.
/// </summary>
internal sealed class OrgSyncRoom : ISessionOwner, IAsyncDisposable
{
    private static readonly AsyncLocal<SyncSession?> ApplyingFrom = new();

    /// <summary>How long a refused peer stays in the status after it left.</summary>
    private static readonly TimeSpan RefusedPeerMemory = TimeSpan.FromMinutes(10);

    private readonly IPeerTransport? _transport;
    private readonly ILogger _logger;
    private readonly Func<OrgSyncRoom, Task> _onPasswordRefused;
    private readonly Func<OrgSyncRoom, Task> _onConfirmed;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly Dictionary<string, PeerEntry> _peers = new(StringComparer.Ordinal);
    private readonly HashSet<SyncSession> _attached = [];
    private readonly List<Task> _sessions = [];
    private Task _run = Task.CompletedTask;
    private IPeerRoom? _room;
    private OrgSyncState _state = OrgSyncState.Offline;
    private string _detail = "joining the room";
    private DateTimeOffset? _lastSync;
    private int _confirmed;

    public OrgSyncRoom(SyncOrg org, IOrgDocument document, IPeerTransport? transport, SyncOptions options, TimeProvider time, ILogger logger,
        Func<OrgSyncRoom, Task> onPasswordRefused, Func<OrgSyncRoom, Task> onConfirmed)
    {
        Org = org;
        Document = document;
        Keys = org.Keys ?? throw new ArgumentException("a shared org has keys", nameof(org));
        _transport = transport;
        Options = options;
        Time = time;
        _logger = logger;
        _onPasswordRefused = onPasswordRefused;
        _onConfirmed = onConfirmed;
        _confirmed = org.Confirmed ? 1 : 0;
        Throttle = new HandshakeThrottle(time, options.HandshakeBackoff, options.MaxHandshakeBackoff);
    }

    public SyncOrg Org { get; }

    public Guid OrgId => Org.Id;

    public string LocalPeerId => _room?.LocalPeerId ?? "";

    public OrgKeys Keys { get; }

    public IOrgDocument Document { get; }

    public HandshakeThrottle Throttle { get; }

    public SyncOptions Options { get; }

    public TimeProvider Time { get; }

    public ChangeSignal Changed { get; } = new();

    public bool IsConfirmed => Volatile.Read(ref _confirmed) == 1;

    public void Start()
    {
        Document.Changed += OnDocumentChanged;
        _run = Task.Run(() => RunAsync(_stop.Token));
    }

    public OrgSyncStatus Status()
    {
        lock (_lock)
        {
            var peers = _peers.Values.Select(p => p.ToStatus()).OrderBy(p => p.PeerId, StringComparer.Ordinal).ToList();
            var pending = _attached.Sum(s => s.PendingUpdates);
            var state = _state == OrgSyncState.Online && !IsConfirmed ? OrgSyncState.Pending : _state;
            var detail = state == OrgSyncState.Pending && _detail.Length == 0 ? "waiting for a member to confirm the password" : _detail;
            return new OrgSyncStatus(OrgId, state, Org.RoomId, peers, pending, _lastSync, detail);
        }
    }

    public bool TryAttach(SyncSession session)
    {
        lock (_lock)
        {
            if (_attached.Count >= Options.MaxPeersPerOrg)
            {
                return false;
            }

            _attached.Add(session);
        }

        if (Interlocked.Exchange(ref _confirmed, 1) == 0)
        {
            _ = Task.Run(() => _onConfirmed(this));
        }

        Changed.Raise();
        return true;
    }

    public void Detach(SyncSession session)
    {
        lock (_lock)
        {
            _attached.Remove(session);
        }

        Changed.Raise();
    }

    public async Task ApplyFromAsync(SyncSession session, byte[] update, CancellationToken cancellationToken)
    {
        ApplyingFrom.Value = session;
        var started = Time.GetTimestamp();
        try
        {
            await Document.ApplyUpdateAsync(update, cancellationToken).ConfigureAwait(false);
            SyncLog.UpdateApplied(_logger, OrgId, session.PeerId, update.Length, Time.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            ApplyingFrom.Value = null;
        }
    }

    public void OnSessionChanged(SyncSession session)
    {
        var refusedWhilePending = false;
        lock (_lock)
        {
            if (session.LastSync is { } synced && (_lastSync is null || synced > _lastSync))
            {
                _lastSync = synced;
            }

            refusedWhilePending = session.State == SessionState.WrongPassword && !IsConfirmed;
        }

        Changed.Raise();
        if (refusedWhilePending)
        {
            _ = Task.Run(() => _onPasswordRefused(this));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Document.Changed -= OnDocumentChanged;
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        Task[] sessions;
        lock (_lock)
        {
            sessions = [.. _sessions];
        }

        await Task.WhenAll(sessions).ConfigureAwait(false);
        _stop.Dispose();
        SyncLog.RoomLeft(_logger, OrgId);
    }

    private void OnDocumentChanged(object? sender, OrgDocumentChange change)
    {
        if (change.IsEmpty)
        {
            return;
        }

        var origin = ApplyingFrom.Value;
        SyncSession[] targets;
        lock (_lock)
        {
            targets = [.. _attached.Where(s => !ReferenceEquals(s, origin))];
        }

        foreach (var session in targets)
        {
            session.EnqueueUpdate(change.Update);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_transport is null)
        {
            SetRoomState(OrgSyncState.Offline, "no peer transport is installed on this node (the sync-webrtc plugin)");
            return;
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            IPeerRoom room;
            try
            {
                room = await _transport.JoinAsync(Org.RoomId!, cancellationToken).ConfigureAwait(false);
            }
            catch (PeerTransportException e)
            {
                SyncLog.RoomJoinFailed(_logger, OrgId, e.Message);
                SetRoomState(OrgSyncState.Offline, e.Message);
                await Task.Delay(Options.RejoinDelay, Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await using (room.ConfigureAwait(false))
            {
                _room = room;
                SyncLog.RoomJoined(_logger, OrgId, room.LocalPeerId, _transport.Name);
                SetRoomState(OrgSyncState.Online, "");
                try
                {
                    await foreach (var e in room.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
                    {
                        OnRoomEvent(e, cancellationToken);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }

            // The room's events ended without our asking (the transport shut down): try again after a pause.
            SetRoomState(OrgSyncState.Offline, "the transport left the room");
            await Task.Delay(Options.RejoinDelay, Time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnRoomEvent(PeerRoomEvent e, CancellationToken cancellationToken)
    {
        switch (e)
        {
            case PeerJoined joined:
                lock (_lock)
                {
                    _peers.TryAdd(joined.PeerId, new PeerEntry(joined.PeerId, Time.GetUtcNow()));
                }

                break;
            case PeerLinkEstablished up:
                var session = new SyncSession(up.Link, this, _logger);
                lock (_lock)
                {
                    if (!_peers.TryGetValue(up.PeerId, out var entry))
                    {
                        entry = new PeerEntry(up.PeerId, Time.GetUtcNow());
                        _peers[up.PeerId] = entry;
                    }

                    entry.Attach(session);
                    _sessions.RemoveAll(t => t.IsCompleted);
                    _sessions.Add(Task.Run(() => session.RunAsync(cancellationToken), CancellationToken.None));
                }

                break;
            case PeerLinkLost lost:
                break;
            case PeerLeft left:
                lock (_lock)
                {
                    // A peer refused for a wrong password or an incompatible version stays listed a while after it
                    // left, so the member sees who tried; the others go at once.
                    if (_peers.TryGetValue(left.PeerId, out var gone) && gone.IsRefused)
                    {
                        gone.LeftAt = Time.GetUtcNow();
                    }
                    else
                    {
                        _peers.Remove(left.PeerId);
                    }

                    var forgetBefore = Time.GetUtcNow() - RefusedPeerMemory;
                    foreach (var stale in _peers.Values.Where(p => p.LeftAt < forgetBefore).ToList())
                    {
                        _peers.Remove(stale.PeerId);
                    }
                }

                break;
        }

        Changed.Raise();
    }

    private void SetRoomState(OrgSyncState state, string detail)
    {
        lock (_lock)
        {
            _state = state;
            _detail = detail;
        }

        Changed.Raise();
    }

    /// <summary>A peer in the room and its latest session (a peer's earlier sessions are history).</summary>
    private sealed class PeerEntry(string peerId, DateTimeOffset firstSeen)
    {
        private SyncSession? _session;
        private string _lastName = "";

        public string PeerId => peerId;

        /// <summary>When a refused peer left the room (null while present).</summary>
        public DateTimeOffset? LeftAt { get; set; }

        public bool IsRefused => _session?.State is SessionState.WrongPassword or SessionState.Incompatible;

        public void Attach(SyncSession session) => _session = session;

        public PeerSyncStatus ToStatus()
        {
            if (_session is not { } s)
            {
                return new PeerSyncStatus(peerId, _lastName, PeerSyncState.Connecting, firstSeen, 0, 0, "");
            }

            if (s.DisplayName.Length > 0)
            {
                _lastName = s.DisplayName;
            }

            var state = s.State switch
            {
                SessionState.Authenticating => PeerSyncState.Authenticating,
                SessionState.Syncing => PeerSyncState.Syncing,
                SessionState.Synced => PeerSyncState.Synced,
                SessionState.WrongPassword => PeerSyncState.WrongPassword,
                SessionState.Incompatible => PeerSyncState.Incompatible,
                _ => PeerSyncState.Disconnected,
            };
            return new PeerSyncStatus(peerId, _lastName, state, s.LastSeen, s.BytesIn, s.BytesOut, s.Detail, state == PeerSyncState.Disconnected ? "" : s.Path);
        }
    }
}
