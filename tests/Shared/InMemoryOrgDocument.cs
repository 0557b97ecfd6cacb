using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Tests.Shared;

/// <summary>
/// An org document over a real CRDT <see cref="Doc"/> held in memory, with the node's contract: changes serialized,
/// <see cref="Changed"/> raised after each change that stored something, with the update it stored. For in-process
/// tests of what plugins do through <see cref="IOrgDocument"/>, and of the sync engine, which runs two or three of
/// these in one process; two of them exchanging updates stand for two nodes that sync (the node's own
/// implementation adds RocksDB durability and is tested elsewhere). Made with followed roots, a change names the ids
/// it touched in them, as the node works them out from deep observers; without, it names every root with no ids,
/// which the contract reads as "re-read everything". Linked as source into the test projects.
/// </summary>
internal sealed class InMemoryOrgDocument : IOrgDocument
{
    private static readonly object LocalOrigin = new();
    private readonly Lock _gate = new();
    private byte[]? _pending;
    private readonly string[] _followedRoots;
    private Dictionary<string, SortedSet<string>>? _touched;

    public InMemoryOrgDocument(uint? clientId = null, Guid? orgId = null)
        : this(new Doc(clientId is { } id ? new DocOptions { ClientId = id } : null), orgId)
    {
    }

    /// <summary>A document whose changes name the ids they touched in <paramref name="followedRoots"/>.</summary>
    public InMemoryOrgDocument(Guid orgId, params string[] followedRoots)
        : this(new Doc(), orgId, followedRoots)
    {
    }

    public InMemoryOrgDocument(Doc doc, Guid? orgId = null, params string[] followedRoots)
    {
        Doc = doc;
        OrgId = orgId ?? Guid.NewGuid();
        _followedRoots = followedRoots;
        foreach (var root in followedRoots)
        {
            Doc.GetMap(root).ObserveDeep(events => RecordTouched(root, events));
        }

        // One change may raise several updates (a remote update that also integrates pending structs): keep them all.
        Doc.Updated += (_, e) => _pending = _pending is null ? e.Update : YUpdate.Merge([_pending, e.Update]);
    }

    public Doc Doc { get; }

    public Guid OrgId { get; }

    public bool IsClosed { get; private set; }

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
            ThrowIfClosed();
            return read(Doc);
        }
    }

    /// <summary>The whole state, or what a peer with <paramref name="stateVector"/> lacks, for another document to merge.</summary>
    public byte[] EncodeState(byte[]? stateVector = null) => Read(doc => doc.EncodeStateAsUpdate(stateVector ?? []));

    public byte[] EncodeStateVector() => Read(doc => doc.EncodeStateVector());

    /// <summary>Closes the document as a node does when the org is left: every later call throws <see cref="OrgDocumentClosedException"/>.</summary>
    public void Close() => IsClosed = true;

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default)
        => Task.FromResult(Commit(isLocal: true, () => Doc.Transact(change, LocalOrigin)));

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        var bytes = update.ToArray();
        return Task.FromResult(Commit(isLocal: false, () => Doc.ApplyUpdate(bytes, this)));
    }

    /// <summary>The document's content as JSON, for comparing replicas.</summary>
    public string Json(string root = "contacts") => Read(d => System.Text.Json.JsonSerializer.Serialize(d.GetMap(root).ToJson()));

    private OrgDocumentChange Commit(bool isLocal, Action apply)
    {
        OrgDocumentChange change;
        lock (_gate)
        {
            ThrowIfClosed();
            byte[]? update;
            _pending = null;
            _touched = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            try
            {
                apply();
            }
            finally
            {
                update = _pending;
                _pending = null;
            }

            IReadOnlyList<CollectionChange> collections = _followedRoots.Length > 0
                ? [.. _touched.Select(t => new CollectionChange(t.Key, [.. t.Value]))]
                : [.. Doc.RootNames.Select(r => new CollectionChange(r, []))];
            _touched = null;
            change = update is null
                ? new OrgDocumentChange(OrgId, isLocal, [], ReadOnlyMemory<byte>.Empty)
                : new OrgDocumentChange(OrgId, isLocal, collections, update);
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

    private void RecordTouched(string root, IReadOnlyList<YEvent> events)
    {
        if (_touched is null)
        {
            return;
        }

        if (!_touched.TryGetValue(root, out var ids))
        {
            _touched[root] = ids = new SortedSet<string>(StringComparer.Ordinal);
        }

        foreach (var e in events)
        {
            if (e.Path.Count > 0 && e.Path[0] is string key)
            {
                ids.Add(key);
            }
            else
            {
                ids.UnionWith(e.KeysChanged);
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (IsClosed)
        {
            throw new OrgDocumentClosedException(OrgId);
        }
    }
}
