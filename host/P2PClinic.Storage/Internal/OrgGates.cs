using System.Collections.Concurrent;

namespace P2PClinic.Storage.Internal;

/// <summary>One async lock per org, so appends, compactions and leaving of one org run one at a time.</summary>
internal sealed class OrgGates
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    public async ValueTask<Releaser> EnterAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(orgId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(gate);
    }

    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
