using P2PClinic.Crdt;
using P2PClinic.Sdk;

namespace P2PClinic.Bench.Calendar;

/// <summary>An org document held in memory (a real CRDT Doc, no disk), to measure the plugin's reads in-process.</summary>
internal sealed class BenchOrgDocument : IOrgDocument
{
    private readonly Lock _gate = new();
    private readonly Doc _doc = new();

    public Guid OrgId { get; } = Guid.NewGuid();

    public bool IsClosed => false;

    public event EventHandler<OrgDocumentChange>? Changed;

    public T Read<T>(Func<Doc, T> read)
    {
        lock (_gate)
        {
            return read(_doc);
        }
    }

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var before = _doc.EncodeStateVector();
            _doc.Transact(change);
            var result = new OrgDocumentChange(OrgId, true, [], _doc.EncodeStateAsUpdate(before));
            Changed?.Invoke(this, result);
            return Task.FromResult(result);
        }
    }

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The benchmark only writes locally.");
}
