using System.Collections.Concurrent;
using P2PClinic.Sdk;
using P2PClinic.Storage;
using SdkOrgNotFound = P2PClinic.Sdk.OrgNotFoundException;
using StoreOrgNotFound = P2PClinic.Storage.OrgNotFoundException;

namespace P2PClinic.Host.Documents;

/// <summary>
/// The open org documents of the node: opens each on first use (rebuilding it from the log), shares it with
/// every caller, and closes it when the org is left or the node stops. Tells plugins about opens and closes.
/// </summary>
internal sealed class OrgDocumentRegistry : IOrgDocuments
{
    private readonly DocumentStore _store;
    private readonly ILogger<OrgDocumentRegistry> _logger;
    private readonly ConcurrentDictionary<Guid, Lazy<Task<OrgDocument>>> _open = new();

    public OrgDocumentRegistry(DocumentStore store, ILogger<OrgDocumentRegistry> logger)
    {
        _store = store;
        _logger = logger;
    }

    /// <summary>Raised after a document was opened; the plugin host forwards it to plugins.</summary>
    public event Func<IOrgDocument, Task>? Opened;

    /// <summary>Raised after a document was closed.</summary>
    public event Func<Guid, Task>? Closed;

    /// <summary>Raised (and awaited) when the node starts leaving an org, before its document closes: sync stops first.</summary>
    public event Func<Guid, Task>? Leaving;

    public async Task<IOrgDocument> OpenAsync(Guid orgId, CancellationToken cancellationToken = default) =>
        await OpenDocumentAsync(orgId, cancellationToken).ConfigureAwait(false);

    public async Task<OrgDocument> OpenDocumentAsync(Guid orgId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var lazy = _open.GetOrAdd(orgId, id => new Lazy<Task<OrgDocument>>(() => LoadAsync(id)));
            OrgDocument document;
            try
            {
                document = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception) when (lazy.Value.IsFaulted)
            {
                // A failed open is not cached: the next caller tries again (the org may exist by then).
                _open.TryRemove(new KeyValuePair<Guid, Lazy<Task<OrgDocument>>>(orgId, lazy));
                throw;
            }

            if (!document.IsClosed)
            {
                return document;
            }

            _open.TryRemove(new KeyValuePair<Guid, Lazy<Task<OrgDocument>>>(orgId, lazy));
        }
    }

    /// <summary>Leaves an org: closes its document, then deletes and scrubs its data from disk.</summary>
    /// <exception cref="SdkOrgNotFound">There is no such org.</exception>
    public async Task LeaveAsync(Guid orgId, CancellationToken cancellationToken)
    {
        await NotifyAsync(Leaving, orgId).ConfigureAwait(false);
        await CloseAsync(orgId).ConfigureAwait(false);
        try
        {
            await _store.LeaveOrgAsync(orgId, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreOrgNotFound)
        {
            throw new SdkOrgNotFound(orgId);
        }
    }

    /// <summary>Repairs an org's stored data (see <see cref="DocumentStore.RepairOrgAsync"/>); its document is closed first.</summary>
    /// <exception cref="SdkOrgNotFound">No record of the org survives.</exception>
    public async Task<OrgRepairResult> RepairAsync(Guid orgId, CancellationToken cancellationToken)
    {
        await CloseAsync(orgId).ConfigureAwait(false);
        try
        {
            return await _store.RepairOrgAsync(orgId, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreOrgNotFound)
        {
            throw new SdkOrgNotFound(orgId);
        }
    }

    /// <summary>Closes every open document (node shutdown).</summary>
    public async Task CloseAllAsync()
    {
        foreach (var orgId in _open.Keys.ToList())
        {
            await CloseAsync(orgId).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync(Guid orgId)
    {
        if (!_open.TryRemove(orgId, out var lazy) || !lazy.IsValueCreated)
        {
            return;
        }

        OrgDocument document;
        try
        {
            document = await lazy.Value.ConfigureAwait(false);
        }
        catch (Exception)
        {
            return;
        }

        document.Close();
        await NotifyAsync(Closed, orgId).ConfigureAwait(false);
    }

    /// <summary>Drops a broken document from the open set, unless a newer instance already replaced it.</summary>
    private void ForgetBroken(OrgDocument broken)
    {
        if (_open.TryGetValue(broken.OrgId, out var lazy)
            && lazy.IsValueCreated
            && lazy.Value.IsCompletedSuccessfully
            && ReferenceEquals(lazy.Value.Result, broken))
        {
            _open.TryRemove(new KeyValuePair<Guid, Lazy<Task<OrgDocument>>>(broken.OrgId, lazy));
        }
    }

    private async Task<OrgDocument> LoadAsync(Guid orgId)
    {
        // Reading and replaying the log is synchronous work; keep it off the caller's request thread.
        var document = await Task.Run(() =>
        {
            try
            {
                return OrgDocument.Open(orgId, _store.Updates, _logger, ForgetBroken);
            }
            catch (StoreOrgNotFound)
            {
                throw new SdkOrgNotFound(orgId);
            }
        }).ConfigureAwait(false);
        NodeLog.DocumentOpened(_logger, orgId);
        await NotifyAsync(Opened, document).ConfigureAwait(false);
        return document;
    }

    private async Task NotifyAsync<T>(Func<T, Task>? handlers, T argument)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Func<T, Task>>())
        {
            try
            {
                await handler(argument).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                NodeLog.LifecycleObserverFailed(_logger, e);
            }
        }
    }
}
