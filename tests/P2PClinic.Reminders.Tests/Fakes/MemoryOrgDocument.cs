using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Reminders.Tests.Fakes;

/// <summary>
/// An org document in memory for scheduler unit tests: a real CRDT <see cref="Doc"/> behind the SDK's
/// <see cref="IOrgDocument"/>, serialized with a lock, raising <see cref="Changed"/> with the ids touched in the
/// roots it was told to follow (the node works them out the same way, from deep observers).
/// </summary>
internal sealed class MemoryOrgDocument : IOrgDocument
{
    private readonly Lock _lock = new();
    private readonly Doc _doc = new();
    private Dictionary<string, SortedSet<string>>? _touched;

    public MemoryOrgDocument(Guid orgId, params string[] roots)
    {
        OrgId = orgId;
        foreach (var root in roots)
        {
            _doc.GetMap(root).ObserveDeep(events => Record(root, events));
        }
    }

    public event EventHandler<OrgDocumentChange>? Changed;

    public Guid OrgId { get; }

    public bool IsClosed { get; private set; }

    public T Read<T>(Func<Doc, T> read)
    {
        lock (_lock)
        {
            ThrowIfClosed();
            return read(_doc);
        }
    }

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default) =>
        Task.FromResult(Commit(isLocal: true, () => _doc.Transact(change)));

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default) =>
        Task.FromResult(Commit(isLocal: false, () => _doc.ApplyUpdate(update.Span)));

    /// <summary>The whole state, for another document to merge.</summary>
    public byte[] EncodeState(byte[]? stateVector = null) => Read(doc => doc.EncodeStateAsUpdate(stateVector ?? []));

    public byte[] EncodeStateVector() => Read(doc => doc.EncodeStateVector());

    public void Close() => IsClosed = true;

    private OrgDocumentChange Commit(bool isLocal, Action apply)
    {
        OrgDocumentChange change;
        lock (_lock)
        {
            ThrowIfClosed();
            var updates = new List<byte[]>();
            void OnUpdated(object? sender, DocUpdateEventArgs e) => updates.Add(e.Update);
            _touched = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            _doc.Updated += OnUpdated;
            try
            {
                apply();
            }
            finally
            {
                _doc.Updated -= OnUpdated;
            }

            var collections = _touched.Select(t => new CollectionChange(t.Key, [.. t.Value])).ToList();
            _touched = null;
            change = new OrgDocumentChange(OrgId, isLocal, collections, updates.Count == 0 ? ReadOnlyMemory<byte>.Empty : YUpdate.Merge(updates));
        }

        if (!change.IsEmpty)
        {
            Changed?.Invoke(this, change);
        }

        return change;
    }

    private void Record(string root, IReadOnlyList<YEvent> events)
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
