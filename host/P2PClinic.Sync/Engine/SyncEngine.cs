using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Transport;
using P2PClinic.Sync.Invites;
using P2PClinic.Sync.Keys;

namespace P2PClinic.Sync.Engine;

/// <summary>
/// Every shared org's sync on this node: rejoins their rooms at start, shares orgs, makes and claims invites,
/// and reports status. See docs/sync.md.
/// </summary>
internal sealed class SyncEngine : IAsyncDisposable
{
    private readonly ISyncOrgCatalog _catalog;
    private readonly IOrgDocuments _documents;
    private readonly IPeerTransport? _transport;
    private readonly IShareCodeRendezvous? _rendezvous;
    private readonly SyncOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Guid, OrgSyncRoom> _rooms = new();
    private readonly SemaphoreSlim _roomsGate = new(1, 1);
    private readonly ChangeSignal _removed = new();
    private volatile bool _disposed;

    public SyncEngine(ISyncOrgCatalog catalog, IOrgDocuments documents, IPeerTransport? transport, IShareCodeRendezvous? rendezvous, SyncOptions options, TimeProvider time, ILogger logger)
    {
        _catalog = catalog;
        _documents = documents;
        _transport = transport;
        _rendezvous = rendezvous;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Joins the room of every shared org.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_transport is null)
        {
            SyncLog.NoTransport(_logger);
        }

        IReadOnlyList<SyncOrg> orgs;
        try
        {
            orgs = _catalog.List();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A damaged catalog: the node runs (and reports the damage); nothing syncs until it is repaired.
            SyncLog.CatalogUnreadable(_logger, e.Message);
            return;
        }

        foreach (var org in orgs.Where(o => o.IsShared))
        {
            try
            {
                await StartRoomAsync(org, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One org that cannot open (damaged) must not keep the others from syncing.
                SyncLog.RoomFailed(_logger, org.Id, e);
            }
        }
    }

    public async Task<SyncOrg> ShareAsync(Guid orgId, string password, CancellationToken cancellationToken)
    {
        PasswordPolicy.Check(password);
        var org = _catalog.Find(orgId) ?? throw new SyncException(SyncFailure.OrgNotFound, $"There is no org {orgId:N} on this node.");
        if (org.IsShared)
        {
            throw new SyncException(SyncFailure.AlreadyShared, "This org is shared already; invite members with a share code.");
        }

        var keys = await Task.Run(() => OrgKeys.Derive(password, orgId, _options.KeyIterations), cancellationToken).ConfigureAwait(false);
        var shared = await _catalog.ShareAsync(orgId, Guid.NewGuid().ToString(), keys, cancellationToken).ConfigureAwait(false);
        SyncLog.OrgShared(_logger, orgId);
        await StartRoomAsync(shared, cancellationToken).ConfigureAwait(false);
        return shared;
    }

    public async Task<ShareCodeRegistration> CreateInviteAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var org = _catalog.Find(orgId) ?? throw new SyncException(SyncFailure.OrgNotFound, $"There is no org {orgId:N} on this node.");
        if (!org.IsShared)
        {
            throw new SyncException(SyncFailure.NotShared, "This org is not shared yet: share it with a password first.");
        }

        var rendezvous = RequireRendezvous();
        var payload = new InvitePayload(InvitePayload.CurrentVersion, org.RoomId!, org.Id, org.Keys!.Iterations, org.Name, org.Color);

        // The node picks the code, so that it can seal the payload under it before the rendezvous sees either.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var code = ShareCode.NewRandom();
            var blob = await Task.Run(() => InviteSeal.Seal(payload, code, _options.KeyIterations), cancellationToken).ConfigureAwait(false);
            try
            {
                if (await rendezvous.RegisterAsync(code, blob, cancellationToken).ConfigureAwait(false) is { } registration)
                {
                    return registration;
                }
            }
            catch (PeerTransportException e)
            {
                throw Translate(e);
            }
        }

        throw new SyncException(SyncFailure.Unavailable, "The signaling server had no free share code; try again.");
    }

    /// <summary>Joins an org with a share code and its password, reporting each stage.</summary>
    public async IAsyncEnumerable<JoinStep> JoinAsync(string code, string password, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var normalized = ShareCode.Normalize(code);
        ArgumentNullException.ThrowIfNull(password);
        var rendezvous = RequireRendezvous();
        yield return new JoinStep(JoinStage.Claiming, null, "", "", "Claiming the share code");
        ReadOnlyMemory<byte> blob;
        try
        {
            blob = await rendezvous.ClaimAsync(normalized, cancellationToken).ConfigureAwait(false);
        }
        catch (ShareCodeNotFoundException e)
        {
            throw new SyncException(SyncFailure.CodeNotFound, "The share code is unknown, expired or already used. Ask for a new one.", e);
        }
        catch (PeerTransportException e)
        {
            throw Translate(e);
        }

        InvitePayload invite;
        try
        {
            invite = await Task.Run(() => InviteSeal.Open(blob.Span, normalized), cancellationToken).ConfigureAwait(false);
        }
        catch (InviteException e)
        {
            throw new SyncException(e.Failure == InviteFailure.WrongCode ? SyncFailure.CodeNotFound : SyncFailure.InvalidInvite, e.Message, e);
        }

        if (_catalog.Find(invite.OrgId) is not null)
        {
            throw new SyncException(SyncFailure.AlreadyMember, $"This node holds the org \"{invite.Name}\" already.");
        }

        var keys = await Task.Run(() => OrgKeys.Derive(password, invite.OrgId, invite.Iterations), cancellationToken).ConfigureAwait(false);
        var org = await _catalog.CreateJoinedAsync(invite.OrgId, invite.Name, invite.Color, invite.RoomId, keys, cancellationToken).ConfigureAwait(false);
        yield return new JoinStep(JoinStage.Connecting, org.Id, org.Name, org.Color, "Connecting to the org's members");
        var room = await StartRoomAsync(org, cancellationToken).ConfigureAwait(false);

        await foreach (var stage in WatchJoinAsync(room, cancellationToken).ConfigureAwait(false))
        {
            yield return stage with { OrgId = org.Id, OrgName = org.Name, OrgColor = org.Color };
        }
    }

    public OrgSyncStatus GetStatus(Guid orgId)
    {
        if (_rooms.TryGetValue(orgId, out var room))
        {
            return room.Status();
        }

        var org = _catalog.Find(orgId) ?? throw new SyncException(SyncFailure.OrgNotFound, $"There is no org {orgId:N} on this node.");
        return org.IsShared
            ? new OrgSyncStatus(orgId, OrgSyncState.Offline, org.RoomId, [], 0, null, "not started")
            : new OrgSyncStatus(orgId, OrgSyncState.LocalOnly, null, [], 0, null, "this org is not shared");
    }

    /// <summary>The status now and after each change, until the org is left or the caller stops.</summary>
    public async IAsyncEnumerable<OrgSyncStatus> WatchAsync(Guid orgId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var status = GetStatus(orgId);
        yield return status;
        while (true)
        {
            var room = _rooms.GetValueOrDefault(orgId);
            var removedSeen = _removed.Version;
            if (room is null)
            {
                // Not syncing (local-only): wait until it is shared or left.
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);
                if (_catalog.Find(orgId) is null)
                {
                    yield break;
                }

                var now = GetStatus(orgId);
                if (now != status)
                {
                    status = now;
                    yield return now;
                }

                continue;
            }

            var seen = room.Changed.Version;
            var next = room.Status();
            if (!StatusEquals(next, status))
            {
                status = next;
                yield return next;
            }

            await Task.WhenAny(room.Changed.WaitPastAsync(seen, cancellationToken), _removed.WaitPastAsync(removedSeen, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!_rooms.ContainsKey(orgId) && _catalog.Find(orgId) is null)
            {
                yield break;
            }
        }
    }

    /// <summary>The node is leaving an org: stop syncing it before its document closes.</summary>
    public Task OnOrgLeavingAsync(Guid orgId) => StopRoomAsync(orgId);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var orgId in _rooms.Keys.ToList())
        {
            await StopRoomAsync(orgId).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<JoinStep> WatchJoinAsync(OrgSyncRoom room, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sawMemberUntil = _time.GetUtcNow() + _options.JoinWaitForMember;
        var deadline = _time.GetUtcNow() + _options.JoinTimeout;
        var reported = JoinStage.Connecting;
        while (true)
        {
            var seen = room.Changed.Version;
            var status = room.Status();
            var peers = status.Peers;
            if (!_rooms.ContainsKey(room.OrgId))
            {
                // Removed while joining: a member refused the password.
                throw new SyncException(SyncFailure.WrongPassword, "Wrong password: the org's members refused it. Nothing was kept; try again with the right password.");
            }

            if (peers.Any(p => p.State == PeerSyncState.Synced))
            {
                yield return new JoinStep(JoinStage.Done, null, "", "", "Joined and synced");
                yield break;
            }

            if (peers.Any(p => p.State == PeerSyncState.Syncing) && reported < JoinStage.Syncing)
            {
                reported = JoinStage.Syncing;
                yield return new JoinStep(JoinStage.Syncing, null, "", "", "Authenticated; syncing the org's data");
            }
            else if (peers.Count > 0 && reported < JoinStage.Authenticating)
            {
                reported = JoinStage.Authenticating;
                yield return new JoinStep(JoinStage.Authenticating, null, "", "", "Checking the password with a member");
            }

            if (peers.All(p => p.State == PeerSyncState.Incompatible) && peers.Count > 0)
            {
                yield return new JoinStep(JoinStage.WaitingForMember, null, "", "", "The members online run an incompatible version of P2P Clinic; the org syncs when one that speaks this node's protocol comes online.");
                yield break;
            }

            var now = _time.GetUtcNow();
            if (peers.Count == 0 && now >= sawMemberUntil)
            {
                yield return new JoinStep(JoinStage.WaitingForMember, null, "", "", "No member is online yet. The org is kept and syncs (and checks the password) when one comes online.");
                yield break;
            }

            if (now >= deadline)
            {
                throw new SyncException(SyncFailure.TimedOut, "A member is present but the sync did not finish in time; the org is kept and keeps trying.");
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wake.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await Task.WhenAny(room.Changed.WaitPastAsync(seen, wake.Token), _removed.WaitPastAsync(_removed.Version, wake.Token)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<OrgSyncRoom> StartRoomAsync(SyncOrg org, CancellationToken cancellationToken)
    {
        await _roomsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_rooms.TryGetValue(org.Id, out var existing))
            {
                return existing;
            }

            var document = await _documents.OpenAsync(org.Id, cancellationToken).ConfigureAwait(false);
            var room = new OrgSyncRoom(org, document, _transport, _options, _time, _logger, OnPasswordRefusedAsync, OnConfirmedAsync);
            _rooms[org.Id] = room;
            room.Start();
            return room;
        }
        finally
        {
            _roomsGate.Release();
        }
    }

    private async Task StopRoomAsync(Guid orgId)
    {
        if (_rooms.TryRemove(orgId, out var room))
        {
            await room.DisposeAsync().ConfigureAwait(false);
            _removed.Raise();
        }
    }

    private async Task OnPasswordRefusedAsync(OrgSyncRoom room)
    {
        // A joined org that no member has confirmed is removed at the first refusal: it holds nothing yet, and
        // keeping it would retry a wrong password forever.
        SyncLog.JoinedOrgRemoved(_logger, room.OrgId);
        _rooms.TryRemove(room.OrgId, out _);
        _removed.Raise();
        await room.DisposeAsync().ConfigureAwait(false);
        await _catalog.RemoveAsync(room.OrgId, CancellationToken.None).ConfigureAwait(false);
        _removed.Raise();
    }

    private Task OnConfirmedAsync(OrgSyncRoom room) =>
        room.Org.Confirmed ? Task.CompletedTask : _catalog.MarkConfirmedAsync(room.OrgId, CancellationToken.None);

    private IShareCodeRendezvous RequireRendezvous() =>
        _rendezvous ?? throw new SyncException(SyncFailure.NotConfigured, "No share-code service is installed on this node (the sync-webrtc plugin with a signaling server).");

    private static SyncException Translate(PeerTransportException e) => e.Failure switch
    {
        PeerTransportFailure.NotConfigured => new SyncException(SyncFailure.NotConfigured, e.Message, e),
        PeerTransportFailure.Rejected => new SyncException(SyncFailure.LockedOut, e.Message, e),
        _ => new SyncException(SyncFailure.Unavailable, e.Message, e),
    };

    private static bool StatusEquals(OrgSyncStatus a, OrgSyncStatus b) =>
        a.State == b.State && a.Detail == b.Detail && a.PendingUpdates == b.PendingUpdates && a.LastSync == b.LastSync && a.Peers.SequenceEqual(b.Peers);
}
