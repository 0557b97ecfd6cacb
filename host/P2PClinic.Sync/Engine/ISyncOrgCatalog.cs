using P2PClinic.Sync.Keys;

namespace P2PClinic.Sync.Engine;

/// <summary>The node's org metadata as the sync engine needs it (the host implements it over its store).</summary>
internal interface ISyncOrgCatalog
{
    IReadOnlyList<SyncOrg> List();

    SyncOrg? Find(Guid orgId);

    /// <summary>Marks a local org shared with this room and these keys, durably.</summary>
    Task<SyncOrg> ShareAsync(Guid orgId, string roomId, OrgKeys keys, CancellationToken cancellationToken);

    /// <summary>Creates the org a join brings, shared and not yet confirmed, with an empty document.</summary>
    Task<SyncOrg> CreateJoinedAsync(Guid orgId, string name, string color, string roomId, OrgKeys keys, CancellationToken cancellationToken);

    /// <summary>A member accepted the password: the org is confirmed.</summary>
    Task MarkConfirmedAsync(Guid orgId, CancellationToken cancellationToken);

    /// <summary>Leaves the org on this node (deletes the local copy).</summary>
    Task RemoveAsync(Guid orgId, CancellationToken cancellationToken);
}

/// <summary>An org as sync sees it.</summary>
internal sealed record SyncOrg(Guid Id, string Name, string Color, string? RoomId, OrgKeys? Keys, bool Confirmed)
{
    public bool IsShared => RoomId is not null && Keys is not null;
}
