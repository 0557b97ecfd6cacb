namespace P2PClinic.Storage;

/// <summary>What a caller gives to create an org; the store assigns the rest.</summary>
/// <param name="Name">The display name, not blank, at most <see cref="OrgMetadata.MaxNameLength"/> characters.</param>
/// <param name="Color">The display color as <c>#rrggbb</c>.</param>
public sealed record NewOrg(string Name, string Color)
{
    /// <summary>
    /// The id to use, when joining an org that exists elsewhere (its id comes from the invite);
    /// null creates a new id.
    /// </summary>
    public Guid? Id { get; init; }

    /// <summary>The sync room, if the org already has one.</summary>
    public string? RoomId { get; init; }

    /// <summary>Whether the org is synced with peers.</summary>
    public OrgSharing Sharing { get; init; } = OrgSharing.LocalOnly;

    /// <summary>The keys of a shared org (a join brings them).</summary>
    public OrgSyncSecrets? SyncSecrets { get; init; }

    /// <summary>Make the new org the default. The first org of a store becomes the default regardless.</summary>
    public bool MakeDefault { get; init; }
}
