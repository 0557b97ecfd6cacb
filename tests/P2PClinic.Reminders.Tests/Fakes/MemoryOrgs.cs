using System.Collections.Concurrent;
using P2PClinic.Sdk;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Reminders.Tests.Fakes;

/// <summary>The node's orgs in memory: <see cref="IOrgDocuments"/> and <see cref="IOrgDirectory"/> over <see cref="InMemoryOrgDocument"/>s.</summary>
internal sealed class MemoryOrgs : IOrgDocuments, IOrgDirectory
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<Guid, InMemoryOrgDocument> _documents = new();

    public InMemoryOrgDocument Add(Guid? orgId = null)
    {
        var document = new InMemoryOrgDocument(orgId ?? Guid.NewGuid(), FakeCalendar.EventsRoot, "reminders");
        _documents[document.OrgId] = document;
        return document;
    }

    /// <summary>Adds an existing document (e.g. after a simulated restart, the same state in a new node).</summary>
    public void Add(InMemoryOrgDocument document) => _documents[document.OrgId] = document;

    public void Remove(Guid orgId) => _documents.TryRemove(orgId, out _);

    public Task<IOrgDocument> OpenAsync(Guid orgId, CancellationToken cancellationToken = default) =>
        _documents.TryGetValue(orgId, out var document) ? Task.FromResult<IOrgDocument>(document) : throw new OrgNotFoundException(orgId);

    public Task<IReadOnlyList<OrgInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrgInfo>>([.. _documents.Keys.Order().Select(Info)]);

    public Task<OrgInfo?> GetDefaultAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.Keys.Order().Select(Info).FirstOrDefault());

    public Task<OrgInfo?> FindAsync(Guid orgId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.ContainsKey(orgId) ? Info(orgId) : null);

    private static OrgInfo Info(Guid id) => new(id, "Org " + id.ToString("N")[..6], "#336699", false, false, null, Created);
}
