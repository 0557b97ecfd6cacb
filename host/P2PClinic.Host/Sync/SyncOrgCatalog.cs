using P2PClinic.Host.Documents;
using P2PClinic.Storage;
using P2PClinic.Sync.Engine;
using P2PClinic.Sync.Keys;

namespace P2PClinic.Host.Sync;

/// <summary>The sync engine's view of the store's org catalog: room ids and keys live in the org's local metadata.</summary>
internal sealed class SyncOrgCatalog : ISyncOrgCatalog
{
    private readonly DocumentStore _store;
    private readonly OrgDocumentRegistry _documents;

    public SyncOrgCatalog(DocumentStore store, OrgDocumentRegistry documents)
    {
        _store = store;
        _documents = documents;
    }

    public IReadOnlyList<SyncOrg> List() => _store.Orgs.List().Select(ToSync).ToList();

    public SyncOrg? Find(Guid orgId) => _store.Orgs.Find(orgId) is { } org ? ToSync(org) : null;

    public async Task<SyncOrg> ShareAsync(Guid orgId, string roomId, OrgKeys keys, CancellationToken cancellationToken)
    {
        var shared = await _store.Orgs.UpdateAsync(orgId, o => o.Sharing == OrgSharing.Shared
            ? throw new global::P2PClinic.Sync.SyncException(global::P2PClinic.Sync.SyncFailure.AlreadyShared, "This org is shared already.")
            : o with { Sharing = OrgSharing.Shared, RoomId = roomId, SyncSecrets = Secrets(keys, confirmed: true) }, cancellationToken).ConfigureAwait(false);
        return ToSync(shared);
    }

    public async Task<SyncOrg> CreateJoinedAsync(Guid orgId, string name, string color, string roomId, OrgKeys keys, CancellationToken cancellationToken)
    {
        var created = await _store.Orgs.CreateAsync(new NewOrg(name, color)
        {
            Id = orgId,
            RoomId = roomId,
            Sharing = OrgSharing.Shared,
            SyncSecrets = Secrets(keys, confirmed: false),
        }, cancellationToken).ConfigureAwait(false);
        return ToSync(created);
    }

    public async Task MarkConfirmedAsync(Guid orgId, CancellationToken cancellationToken)
    {
        try
        {
            await _store.Orgs.UpdateAsync(orgId, o => o.SyncSecrets is { Confirmed: false } s ? o with { SyncSecrets = s with { Confirmed = true } } : o, cancellationToken).ConfigureAwait(false);
        }
        catch (OrgNotFoundException)
        {
            // Left meanwhile: nothing to confirm.
        }
    }

    public async Task RemoveAsync(Guid orgId, CancellationToken cancellationToken)
    {
        try
        {
            await _documents.LeaveAsync(orgId, cancellationToken).ConfigureAwait(false);
        }
        catch (Sdk.OrgNotFoundException)
        {
        }
    }

    private static OrgSyncSecrets Secrets(OrgKeys keys, bool confirmed) => new(keys.AuthKey, keys.EncryptionKey, keys.Iterations, confirmed);

    private static SyncOrg ToSync(OrgMetadata org)
    {
        var keys = org.Sharing == OrgSharing.Shared && org.SyncSecrets is { } s ? new OrgKeys(s.AuthKey, s.EncryptionKey, s.Iterations) : null;
        return new SyncOrg(org.Id, org.Name, org.Color, org.Sharing == OrgSharing.Shared ? org.RoomId : null, keys, org.SyncSecrets?.Confirmed ?? false);
    }
}
