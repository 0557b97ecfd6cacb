using Grpc.Core;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Web.Node;

namespace P2PClinic.Web.Sessions;

/// <summary>
/// One browser session's view of the node's orgs: the list, the org being looked at, and the live feed of changes
/// to it (the node's <c>WatchOrgChanges</c> stream), so pages update without reloading when the CLI or another
/// member changes something. Switching orgs only changes what this session looks at; the node's default org stays.
/// </summary>
public sealed class OrgSession : IAsyncDisposable
{
    private readonly NodeApi _api;
    private readonly NodeLink _link;
    private readonly TimeProvider _time;
    private readonly Func<ListOrgsRequest, CancellationToken, Task<ListOrgsResponse>> _listOrgs;
    private readonly Func<WatchOrgChangesRequest, CancellationToken, AsyncServerStreamingCall<OrgChange>> _watchOrg;
    private LiveStream<OrgChange>? _watch;

    /// <summary>Creates the session's org state; <see cref="LoadAsync"/> fills it.</summary>
    public OrgSession(NodeApi api, NodeLink link, TimeProvider time)
        : this(api, link, time,
            (request, ct) => api.Orgs.ListOrgsAsync(request, cancellationToken: ct).ResponseAsync,
            (request, ct) => api.Orgs.WatchOrgChanges(request, cancellationToken: ct))
    {
    }

    /// <summary>Creates the session over the given org list and change feed calls (tests).</summary>
    internal OrgSession(
        NodeApi api,
        NodeLink link,
        TimeProvider time,
        Func<ListOrgsRequest, CancellationToken, Task<ListOrgsResponse>> listOrgs,
        Func<WatchOrgChangesRequest, CancellationToken, AsyncServerStreamingCall<OrgChange>> watchOrg)
    {
        _api = api;
        _link = link;
        _time = time;
        _listOrgs = listOrgs;
        _watchOrg = watchOrg;
    }

    /// <summary>Raised when the org list or the current org changed (from any thread).</summary>
    public event Action? Changed;

    /// <summary>
    /// Raised for every change the node reports in the current org (from a background thread). Each handler is
    /// awaited in turn; one that fails is skipped, it does not cost the others their changes.
    /// </summary>
    public event Func<OrgChange, Task>? DataChanged;

    /// <summary>
    /// Raised each time the change feed of the current org is in place, the first time as after a break (the node
    /// restarted): a page reloads what it shows then. The first time too, because a page's own first load may have
    /// run before the feed was in place, and a change made in between would never be shown (no change event comes
    /// for it, and the load was too early to see it).
    /// </summary>
    public event Func<Task>? FeedOpened;

    /// <summary>The node's orgs, by name.</summary>
    public IReadOnlyList<Org> Orgs { get; private set; } = [];

    /// <summary>The org the pages show, null when the node has none.</summary>
    public Org? Current { get; private set; }

    /// <summary>True once the org list was read from the node at least once.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Why the org list could not be read, in words; null when it was.</summary>
    public string? LoadError { get; private set; }

    /// <summary>Reads the org list; keeps the current org when it still exists, else picks the node's default.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _listOrgs(new ListOrgsRequest(), cancellationToken);
            Orgs = [.. response.Orgs.OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)];
            LoadError = null;
            Loaded = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _link.Report(e);
            LoadError = NodeErrors.Describe(e, _api.Address);
            Changed?.Invoke();
            return;
        }

        var keep = Current is { } current ? Orgs.FirstOrDefault(o => o.Id == current.Id) : null;
        await SetCurrentAsync(keep ?? Orgs.FirstOrDefault(o => o.IsDefault) ?? Orgs.FirstOrDefault());
    }

    /// <summary>Shows <paramref name="orgId"/> from now on.</summary>
    public Task SwitchAsync(string orgId) =>
        SetCurrentAsync(Orgs.FirstOrDefault(o => o.Id == orgId) ?? throw new ArgumentException($"no org with id {orgId}", nameof(orgId)));

    /// <summary>Reads the org list again and shows <paramref name="orgId"/>, an org the node just joined.</summary>
    public async Task ShowJoinedAsync(string orgId)
    {
        await LoadAsync();
        await SwitchAsync(orgId);
    }

    /// <summary>Creates an org and switches to it.</summary>
    public async Task<Org> CreateAsync(string name, string color)
    {
        var org = await _api.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = name, Color = color });
        Orgs = [.. Orgs.Append(org).OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)];
        await SetCurrentAsync(org);
        return org;
    }

    /// <summary>Renames an org.</summary>
    public async Task RenameAsync(string orgId, string name) =>
        Replace(await _api.Orgs.RenameOrgAsync(new RenameOrgRequest { Id = orgId, Name = name }));

    /// <summary>Gives an org another color.</summary>
    public async Task RecolorAsync(string orgId, string color) =>
        Replace(await _api.Orgs.RecolorOrgAsync(new RecolorOrgRequest { Id = orgId, Color = color }));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_watch is not null)
        {
            await _watch.DisposeAsync();
        }
    }

    /// <summary>Runs every handler of <paramref name="handlers"/> in turn; a failing one is skipped, not the rest.</summary>
    private async Task RaiseAsync<THandler>(THandler? handlers, Func<THandler, Task> invoke)
        where THandler : Delegate
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<THandler>())
        {
            try
            {
                await invoke(handler);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A page that went away, or a reload that failed: the page reports its own errors; the feed goes on.
                _link.Report(e);
            }
        }
    }

    private void Replace(Org org)
    {
        Orgs = [.. Orgs.Select(o => o.Id == org.Id ? org : o).OrderBy(o => o.Name, StringComparer.CurrentCultureIgnoreCase)];
        if (Current?.Id == org.Id)
        {
            Current = org;
        }

        Changed?.Invoke();
    }

    private Task SetCurrentAsync(Org? org)
    {
        var switched = Current?.Id != org?.Id;
        Current = org;
        if (switched || _watch is null)
        {
            if (_watch is { } old)
            {
                // Not awaited: this may run inside the old feed's own callback (a reload after a restart found the org gone).
                _watch = null;
                _ = old.DisposeAsync().AsTask();
            }

            if (org is not null)
            {
                var opens = 0;
                _watch = new LiveStream<OrgChange>(
                    _link,
                    _time,
                    stop => _watchOrg(new WatchOrgChangesRequest { Id = org.Id }, stop),
                    change => RaiseAsync(DataChanged, handler => handler(change)),
                    async () =>
                    {
                        // After a break anything may have changed, the org list too (the org may be gone).
                        if (Interlocked.Increment(ref opens) > 1)
                        {
                            await LoadAsync();
                        }

                        await RaiseAsync(FeedOpened, handler => handler());
                    });
            }
        }

        Changed?.Invoke();
        return Task.CompletedTask;
    }
}
