using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Calendar.Tests;

/// <summary>
/// An org document over a real CRDT <see cref="Doc"/> held in memory, for in-process tests of what plugins read
/// through <see cref="IOrgDocument"/> (the node's own implementation adds RocksDB durability, tested elsewhere).
/// </summary>
internal sealed class InMemoryOrgDocument(Doc doc) : IOrgDocument
{
    private readonly Lock _gate = new();

    public InMemoryOrgDocument()
        : this(new Doc())
    {
    }

    public Doc Doc { get; } = doc;

    public Guid OrgId { get; } = Guid.NewGuid();

    public bool IsClosed => false;

    public event EventHandler<OrgDocumentChange>? Changed;

    public T Read<T>(Func<Doc, T> read)
    {
        lock (_gate)
        {
            return read(Doc);
        }
    }

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var before = Doc.EncodeStateVector();
            Doc.Transact(change);
            var update = Doc.EncodeStateAsUpdate(before);
            var result = new OrgDocumentChange(OrgId, true, [], update);
            Changed?.Invoke(this, result);
            return Task.FromResult(result);
        }
    }

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Doc.ApplyUpdate(update.ToArray());
            var result = new OrgDocumentChange(OrgId, false, [], update);
            Changed?.Invoke(this, result);
            return Task.FromResult(result);
        }
    }
}
