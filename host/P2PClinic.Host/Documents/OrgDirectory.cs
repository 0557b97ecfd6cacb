using P2PClinic.Sdk;
using P2PClinic.Storage;

namespace P2PClinic.Host.Documents;

/// <summary>The SDK's read-only view of the store's org catalog.</summary>
internal sealed class OrgDirectory : IOrgDirectory
{
    private readonly DocumentStore _store;

    public OrgDirectory(DocumentStore store)
    {
        _store = store;
    }

    public Task<IReadOnlyList<OrgInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<OrgInfo>>(_store.Orgs.List().Select(ToInfo).ToList());

    public Task<OrgInfo?> GetDefaultAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Orgs.GetDefault() is { } org ? ToInfo(org) : null);

    public Task<OrgInfo?> FindAsync(Guid orgId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Orgs.Find(orgId) is { } org ? ToInfo(org) : null);

    private static OrgInfo ToInfo(OrgMetadata org) =>
        new(org.Id, org.Name, org.Color, org.IsDefault, org.Sharing == OrgSharing.Shared, org.RoomId, org.CreatedAt);
}
