using System.Collections.Concurrent;
using P2PClinic.Sdk;

namespace P2PClinic.Plugins.Contacts.Internal;

/// <summary>The contact books of the node's orgs, opened on first use and dropped when their document closes.</summary>
internal sealed class ContactBooks : IDisposable
{
    private readonly IOrgDocuments _documents;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<Guid, Lazy<Task<ContactBook>>> _books = new();

    public ContactBooks(IOrgDocuments documents, TimeProvider time)
    {
        _documents = documents;
        _time = time;
    }

    /// <exception cref="OrgNotFoundException">The node holds no such org.</exception>
    public async Task<ContactBook> OpenAsync(Guid orgId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = _books.GetOrAdd(orgId, id => new Lazy<Task<ContactBook>>(() => CreateAsync(id)));
            ContactBook book;
            try
            {
                book = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed open (unknown org) must not be remembered: the org may be created next.
                _books.TryRemove(new KeyValuePair<Guid, Lazy<Task<ContactBook>>>(orgId, lazy));
                throw;
            }

            if (!book.IsClosed)
            {
                return book;
            }

            // The org was left (or its document broke and will be rebuilt): forget this book and open afresh.
            Forget(orgId, lazy);
        }
    }

    /// <summary>Drops the org's book (its document closed).</summary>
    public void Forget(Guid orgId)
    {
        if (_books.TryGetValue(orgId, out var lazy))
        {
            Forget(orgId, lazy);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _books.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                lazy.Value.Result.Dispose();
            }
        }

        _books.Clear();
    }

    private void Forget(Guid orgId, Lazy<Task<ContactBook>> lazy)
    {
        if (_books.TryRemove(new KeyValuePair<Guid, Lazy<Task<ContactBook>>>(orgId, lazy)) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            lazy.Value.Result.Dispose();
        }
    }

    private async Task<ContactBook> CreateAsync(Guid orgId)
    {
        // Not the caller's token: the book is shared by every later caller, one cancelled call must not poison it.
        var document = await _documents.OpenAsync(orgId, CancellationToken.None).ConfigureAwait(false);
        return ContactBook.Open(document, _time);
    }
}
