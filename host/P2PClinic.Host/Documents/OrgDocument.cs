using System.Runtime.ExceptionServices;
using P2PClinic.Crdt;
using P2PClinic.Sdk;
using P2PClinic.Storage;

namespace P2PClinic.Host.Documents;

/// <summary>
/// One org's live document: the <see cref="Doc"/> rebuilt from the store's log, with every change serialized
/// through one gate and appended to the log (fsync) before the caller hears it is done.
/// </summary>
internal sealed class OrgDocument : IOrgDocument
{
    // Marks transactions this class runs, so the Updated handler knows the update belongs to the current change.
    private static readonly object LocalOrigin = new();
    private static readonly object RemoteOrigin = new();

    private readonly Doc _doc;
    private readonly OrgUpdateLog _log;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Action<OrgDocument> _onBroken;
    private readonly ChangeCollector _changes;
    private byte[]? _pendingUpdate;
    private readonly CancellationTokenSource _closing = new();
    private volatile bool _closed;

    private OrgDocument(Guid orgId, Doc doc, OrgUpdateLog log, ILogger logger, Action<OrgDocument> onBroken)
    {
        OrgId = orgId;
        _doc = doc;
        _log = log;
        _logger = logger;
        _onBroken = onBroken;
        _changes = new ChangeCollector(doc);
        _doc.Updated += (_, e) =>
        {
            if (ReferenceEquals(e.Origin, LocalOrigin) || ReferenceEquals(e.Origin, RemoteOrigin))
            {
                _pendingUpdate = _pendingUpdate is null ? e.Update : YUpdate.Merge([_pendingUpdate, e.Update]);
            }
        };
    }

    public Guid OrgId { get; }

    public bool IsClosed => _closed;

    /// <summary>Cancelled when the document closes (the org was left, or the node stops), so change streams end.</summary>
    public CancellationToken ClosedToken => _closing.Token;

    public event EventHandler<OrgDocumentChange>? Changed;

    /// <summary>
    /// Raised for every change once all <see cref="Changed"/> handlers ran. The API's change feed follows this one:
    /// plugins keep what they serve in their Changed handlers (the contacts plugin's index, the reminder schedule),
    /// so a client that hears of a change and reads at once must find it there. A feed on Changed itself raced them:
    /// a contact merged from a peer was announced before the index held it, the page read the list without it, and
    /// no further event came (a local write hid this: its plugin's handler had subscribed first).
    /// </summary>
    public event EventHandler<OrgDocumentChange>? Settled;

    /// <summary>Rebuilds an org's document from its log.</summary>
    /// <exception cref="Storage.OrgNotFoundException">The store holds no such org.</exception>
    /// <exception cref="CrdtFormatException">A stored update does not decode (the store is damaged).</exception>
    public static OrgDocument Open(Guid orgId, OrgUpdateLog log, ILogger logger, Action<OrgDocument> onBroken)
    {
        var contents = log.Read(orgId);
        var doc = new Doc();
        if (contents.Updates.Count > 0)
        {
            // The first record is the compacted document (most of the bytes): applied as it is, not merged with
            // the rest first (a merge decodes and re-encodes it, only for the apply to decode it again). The rest
            // is applied as one merged update: one transaction, not one per record.
            var updates = contents.Updates.Select(u => u.Update).ToList();
            doc.ApplyUpdate(updates[0]);
            if (updates.Count > 1)
            {
                doc.ApplyUpdate(updates.Count == 2 ? updates[1] : YUpdate.Merge(updates[1..]));
            }
        }

        return new OrgDocument(orgId, doc, log, logger, onBroken);
    }

    public T Read<T>(Func<Doc, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        _gate.Wait();
        try
        {
            ThrowIfClosed();
            return read(_doc);
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<OrgDocumentChange> ChangeAsync(Action<Transaction> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        return CommitAsync(isLocal: true, () => _doc.Transact(change, LocalOrigin), cancellationToken);
    }

    public Task<OrgDocumentChange> ApplyUpdateAsync(ReadOnlyMemory<byte> update, CancellationToken cancellationToken = default)
    {
        var bytes = update.ToArray();
        return CommitAsync(isLocal: false, () => _doc.ApplyUpdate(bytes, RemoteOrigin), cancellationToken);
    }

    /// <summary>Refuses further use; called when the org is left or the node stops.</summary>
    public void Close()
    {
        _gate.Wait();
        try
        {
            _closed = true;
        }
        finally
        {
            _gate.Release();
        }

        _closing.Cancel();
    }

    private async Task<OrgDocumentChange> CommitAsync(bool isLocal, Action apply, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        OrgDocumentChange result;
        ExceptionDispatchInfo? failure = null;
        try
        {
            ThrowIfClosed();
            _pendingUpdate = null;
            _changes.Begin();
            IReadOnlyList<CollectionChange> collections;
            try
            {
                apply();
            }
            catch (Exception e)
            {
                // A CRDT transaction cannot roll back: what the body changed before it threw is applied, so it
                // is stored like any other change before the exception reaches the caller.
                failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                collections = _changes.End();
            }

            var update = _pendingUpdate;
            _pendingUpdate = null;
            if (update is null)
            {
                failure?.Throw();
                return new OrgDocumentChange(OrgId, isLocal, [], ReadOnlyMemory<byte>.Empty);
            }

            try
            {
                // Once applied in memory, the change must reach the disk: do not let the caller's token abandon it halfway.
                await _log.AppendAsync(OrgId, update, _doc.EncodeStateVector(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Memory is now ahead of the disk: close this instance so the next open rebuilds from the log,
                // and end its change streams as Close() does (asynchronously: the gate is still held here).
                _closed = true;
                _onBroken(this);
                _ = _closing.CancelAsync();
                NodeLog.DocumentPersistFailed(_logger, OrgId, e);
                throw;
            }

            result = new OrgDocumentChange(OrgId, isLocal, collections, update);
        }
        finally
        {
            _gate.Release();
        }

        Raise(Changed, result);
        Raise(Settled, result);
        failure?.Throw();
        return result;
    }

    private void Raise(EventHandler<OrgDocumentChange>? handlers, OrgDocumentChange change)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<OrgDocumentChange>>())
        {
            try
            {
                handler(this, change);
            }
            catch (Exception e)
            {
                NodeLog.ChangeObserverFailed(_logger, OrgId, e);
            }
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new OrgDocumentClosedException(OrgId);
        }
    }
}
