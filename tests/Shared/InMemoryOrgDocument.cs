using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Tests.Shared;

/// <summary>
/// An org document over a real CRDT <see cref="Doc"/> held in memory, with the node's contract: changes serialized,
/// <see cref="Changed"/> raised after each change that stored something, with the update it stored. For in-process
/// tests of what plugins do through <see cref="IOrgDocument"/>, and of the sync engine, which runs two or three of
/// these in one process; two of them exchanging updates stand for two nodes that sync (the node's own
/// implementation adds RocksDB durability and is tested elsewhere). Linked as source into the test projects.
/// </summary>
internal sealed class InMemoryOrgDocument : IOrgDocument
{
    private static readonly object LocalOrigin = new();
    private readonly Lock _gate = new();
    private byte[]? _pending;

    public InMemoryOrgDocument(uint? clientId = null, Guid? orgId = null)
        : this(new Doc(clientId is { } id ? new DocOptions { ClientId = id } : null), orgId)
    {
    }

    public InMemoryOrgDocument(Doc doc, Guid? orgId = null)
    {
        Doc = doc;
        OrgId = orgId ?? Guid.NewGuid();

        // One change may raise several updates (a remote update that also integrates pending structs): keep them all.
        Doc.Updated += (_, e) => _pending = _pending is null ? e.Update : YUpdate.Merge([_pending, e.Update]);
    }

    public Doc Doc { get; }

    public Guid OrgId { get; }

    public bool IsClosed => false;

    /// <summary>Updates applied from elsewhere that stored something, in order (what a peer made durable).</summary>
    public int RemoteUpdatesApplied { get; private set; }

    public event EventHandler<OrgDocumentChange>? Changed;

    /// <summary>Sends each document what the other lacks, as two synced nodes would.</summary>
    public static async Task ExchangeAsync(InMemoryOrgDocument a, InMemoryOrgDocument b)
    {
        var fromA = a.Read(doc => doc.EncodeStateAsUpdate(b.Read(other => other.EncodeStateVector())));
        var fromB = b.Read(doc => doc.EncodeStateAsUpdate(a.Read(other => other.EncodeStateVector())));
        await b.ApplyUpdateAsync(fromA);
        await a.ApplyUpdateAsync(fromB);
    }

    public T Read<T>(Func<Doc, T> read)
    {
        lock (_gate)
        {
            return read(Doc);
        }
    }

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default)
        => Task.FromResult(Commit(isLocal: true, () => Doc.Transact(change, LocalOrigin)));

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        var bytes = update.ToArray();
        return Task.FromResult(Commit(isLocal: false, () => Doc.ApplyUpdate(bytes, this)));
    }

    /// <summary>The document's content as JSON, for comparing replicas.</summary>
    public string Json(string root = "contacts") => Read(d => System.Text.Json.JsonSerializer.Serialize(d.GetMap(root).ToJson()));

    /// <summary>Runs a change, naming every root as touched with no ids, which the contract reads as "re-read everything".</summary>
    private OrgDocumentChange Commit(bool isLocal, Action apply)
    {
        OrgDocumentChange change;
        lock (_gate)
        {
            byte[]? update;
            _pending = null;
            try
            {
                apply();
            }
            finally
            {
                update = _pending;
                _pending = null;
            }

            change = update is null
                ? new OrgDocumentChange(OrgId, isLocal, [], ReadOnlyMemory<byte>.Empty)
                : new OrgDocumentChange(OrgId, isLocal, [.. Doc.RootNames.Select(r => new CollectionChange(r, []))], update);
            if (!isLocal && update is not null)
            {
                RemoteUpdatesApplied++;
            }
        }

        if (!change.IsEmpty)
        {
            Changed?.Invoke(this, change);
        }

        return change;
    }
}
