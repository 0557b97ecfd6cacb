namespace P2PClinic.Sync.Engine;

internal enum OrgSyncState
{
    LocalOnly,
    Pending,
    Online,
    Offline,
}

internal enum PeerSyncState
{
    Connecting,
    Authenticating,
    Syncing,
    Synced,
    WrongPassword,
    Incompatible,
    Disconnected,
}

/// <summary>One org's sync as the API shows it.</summary>
internal sealed record OrgSyncStatus(
    Guid OrgId,
    OrgSyncState State,
    string? RoomId,
    IReadOnlyList<PeerSyncStatus> Peers,
    long PendingUpdates,
    DateTimeOffset? LastSync,
    string Detail);

internal sealed record PeerSyncStatus(
    string PeerId,
    string DisplayName,
    PeerSyncState State,
    DateTimeOffset LastSeen,
    long BytesIn,
    long BytesOut,
    string Detail,
    string Path = "");

/// <summary>Wakes waiters each time something changes; waiters compare versions, so no change is missed.</summary>
internal sealed class ChangeSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public long Version
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public void Raise()
    {
        TaskCompletionSource fired;
        lock (_lock)
        {
            _version++;
            fired = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fired.TrySetResult();
    }

    /// <summary>Completes once the version is past <paramref name="seen"/>.</summary>
    public Task WaitPastAsync(long seen, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _version > seen ? Task.CompletedTask : _next.Task.WaitAsync(cancellationToken);
        }
    }
}
