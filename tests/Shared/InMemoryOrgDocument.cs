using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Tests.Shared;

/// <summary>
/// An org document over a real CRDT <see cref="Doc"/> held in memory, for in-process tests of what plugins do
/// through <see cref="IOrgDocument"/>; two of them exchanging updates stand for two nodes that sync (the node's own
/// implementation adds RocksDB durability and is tested elsewhere). Linked as source into the test projects.
/// </summary>
internal sealed class InMemoryOrgDocument : IOrgDocument
{
    private readonly Lock _gate = new();

    public InMemoryOrgDocument(uint? clientId = null)
    {
        Doc = new Doc(clientId is { } id ? new DocOptions { ClientId = id } : null);
    }

    public InMemoryOrgDocument(Doc doc)
    {
        Doc = doc;
    }

    public Doc Doc { get; }

    public Guid OrgId { get; } = Guid.NewGuid();

    public bool IsClosed => false;

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
    {
        OrgDocumentChange result;
        lock (_gate)
        {
            result = Describe(true, () => Doc.Transact(change));
        }

        Changed?.Invoke(this, result);
        return Task.FromResult(result);
    }

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        OrgDocumentChange result;
        lock (_gate)
        {
            result = Describe(false, () => Doc.ApplyUpdate(update.Span));
        }

        Changed?.Invoke(this, result);
        return Task.FromResult(result);
    }

    /// <summary>Runs a change, naming every root as touched with no ids, which the contract reads as "re-read everything".</summary>
    private OrgDocumentChange Describe(bool isLocal, Action apply)
    {
        byte[]? update = null;
        void OnUpdated(object? sender, DocUpdateEventArgs e) => update = e.Update;
        Doc.Updated += OnUpdated;
        try
        {
            apply();
        }
        finally
        {
            Doc.Updated -= OnUpdated;
        }

        return update is null
            ? new OrgDocumentChange(OrgId, isLocal, [], ReadOnlyMemory<byte>.Empty)
            : new OrgDocumentChange(OrgId, isLocal, [.. Doc.RootNames.Select(r => new CollectionChange(r, []))], update);
    }
}
