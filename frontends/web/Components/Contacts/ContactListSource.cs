using Microsoft.AspNetCore.Components.Web.Virtualization;
using P2PClinic.Api.Contacts.V1;

namespace P2PClinic.Web.Components.Contacts;

/// <summary>
/// The rows behind the virtualized contact list: pages read from the node in order (the node pages by a cursor, so
/// row N needs the pages before it) and kept until the list changes, or the results of a search. With 10,000
/// contacts only the pages up to what is on screen are ever read.
/// </summary>
public sealed class ContactListSource
{
    /// <summary>Contacts read per call.</summary>
    public const int PageSize = 200;

    /// <summary>The most search results shown.</summary>
    public const int SearchLimit = 500;

    private readonly Func<ListContactsRequest, CancellationToken, Task<ListContactsResponse>> _list;
    private readonly Func<SearchContactsRequest, CancellationToken, Task<SearchContactsResponse>> _search;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<Contact> _rows = [];
    private string _next = "";
    private bool _complete;
    private int _generation;

    /// <summary>Creates the source over the node's list and search calls.</summary>
    public ContactListSource(
        Func<ListContactsRequest, CancellationToken, Task<ListContactsResponse>> list,
        Func<SearchContactsRequest, CancellationToken, Task<SearchContactsResponse>> search)
    {
        _list = list;
        _search = search;
    }

    /// <summary>The org listed.</summary>
    public string OrgId { get; private set; } = "";

    /// <summary>The order of the list.</summary>
    public ContactSort Sort { get; private set; } = ContactSort.Name;

    /// <summary>True for descending order.</summary>
    public bool Descending { get; private set; }

    /// <summary>The search text; empty lists every contact.</summary>
    public string Query { get; private set; } = "";

    /// <summary>Contacts in the list (every contact of the org, or the search results); null before the first read.</summary>
    public int? Total { get; private set; }

    /// <summary>Forgets what was read and lists <paramref name="orgId"/> in the given order, filtered by <paramref name="query"/>.</summary>
    public void Reset(string orgId, ContactSort sort, bool descending, string query)
    {
        OrgId = orgId;
        Sort = sort;
        Descending = descending;
        Query = query.Trim();
        Interlocked.Increment(ref _generation);
        _rows = [];
        _next = "";
        _complete = false;
    }

    /// <summary>Forgets what was read, keeping org, order and query (after a change).</summary>
    public void Invalidate() => Reset(OrgId, Sort, Descending, Query);

    /// <summary>
    /// The rows a <see cref="Virtualize{TItem}"/> asks for. A load that a newer one replaces ends in an
    /// <see cref="OperationCanceledException"/> carrying the request's own token, whatever the node's client threw:
    /// Virtualize cancels a load each time the list is refreshed, scrolled or searched, and ignores only that
    /// exception. The gRPC client reports a cancelled call as an <c>RpcException</c> (Cancelled) instead, which
    /// Virtualize keeps and throws while rendering, and that ends the browser's circuit: the page froze on whatever
    /// it showed last (no rows at all, or the rows of an earlier search).
    /// </summary>
    public async ValueTask<ItemsProviderResult<Contact>> ProvideAsync(ItemsProviderRequest request)
    {
        try
        {
            var (rows, total) = await GetAsync(request.StartIndex, request.Count, request.CancellationToken);
            return new ItemsProviderResult<Contact>(rows, total);
        }
        catch (Exception e) when (request.CancellationToken.IsCancellationRequested
            && !(e is OperationCanceledException canceled && canceled.CancellationToken == request.CancellationToken))
        {
            throw new OperationCanceledException("a newer load replaced this one", e, request.CancellationToken);
        }
    }

    /// <summary>Rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/>, reading pages as needed.</summary>
    public async Task<(IReadOnlyList<Contact> Rows, int Total)> GetAsync(int start, int count, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var generation = _generation;
            if (Query.Length > 0)
            {
                if (!_complete)
                {
                    var found = await _search(new SearchContactsRequest { OrgId = OrgId, Query = Query, Limit = SearchLimit }, cancellationToken);
                    if (generation == _generation)
                    {
                        _rows = [.. found.Contacts];
                        _complete = true;
                        Total = _rows.Count;
                    }
                }
            }
            else
            {
                while (!_complete && _rows.Count < start + count && generation == _generation)
                {
                    var page = await _list(new ListContactsRequest { OrgId = OrgId, PageSize = PageSize, PageToken = _next, Sort = Sort, Descending = Descending }, cancellationToken);
                    if (generation != _generation)
                    {
                        break;
                    }

                    _rows.AddRange(page.Contacts);
                    _next = page.NextPageToken;
                    _complete = _next.Length == 0;
                    Total = page.TotalSize;
                }
            }

            var rows = _rows.Skip(start).Take(count).ToList();
            return (rows, Total ?? rows.Count);
        }
        finally
        {
            _gate.Release();
        }
    }
}
