using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Sync.Tests.Infrastructure;

/// <summary>
/// An org document held in memory with the node's contract (serialized changes, the Changed event with each stored
/// update): the sync engine's tests run two or three of these in one process.
/// </summary>
internal sealed class MemoryOrgDocument : IOrgDocument
{
    private static readonly object LocalOrigin = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private byte[]? _pending;

    public MemoryOrgDocument(Guid orgId)
    {
        OrgId = orgId;
        Doc.Updated += (_, e) => _pending = _pending is null ? e.Update : YUpdate.Merge([_pending, e.Update]);
    }

    public Doc Doc { get; } = new();

    public Guid OrgId { get; }

    public bool IsClosed => false;

    /// <summary>Updates applied from elsewhere, in order (what a peer made durable).</summary>
    public int RemoteUpdatesApplied { get; private set; }

    public event EventHandler<OrgDocumentChange>? Changed;

    public T Read<T>(Func<Doc, T> read)
    {
        _gate.Wait();
        try
        {
            return read(Doc);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default) =>
        CommitAsync(true, () => Doc.Transact(change, LocalOrigin), cancellationToken);

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        var bytes = update.ToArray();
        return CommitAsync(false, () => Doc.ApplyUpdate(bytes, this), cancellationToken);
    }

    /// <summary>The document's content as JSON, for comparing replicas.</summary>
    public string Json(string root = "contacts") => Read(d => System.Text.Json.JsonSerializer.Serialize(d.GetMap(root).ToJson()));

    private async Task<OrgDocumentChange> CommitAsync(bool local, Action apply, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        OrgDocumentChange change;
        try
        {
            _pending = null;
            apply();
            var update = _pending;
            _pending = null;
            if (!local && update is not null)
            {
                RemoteUpdatesApplied++;
            }

            change = new OrgDocumentChange(OrgId, local, [], update ?? ReadOnlyMemory<byte>.Empty);
        }
        finally
        {
            _gate.Release();
        }

        if (!change.IsEmpty)
        {
            Changed?.Invoke(this, change);
        }

        return change;
    }
}
