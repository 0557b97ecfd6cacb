namespace P2PClinic.Storage;

/// <summary>
/// What this node knows about an org beside its document: local settings that are never synced.
/// Exactly one org in a store is the default whenever the store holds any org.
/// </summary>
/// <param name="Id">The org's id; the same on every member's node.</param>
/// <param name="Name">The display name, 1 to <see cref="OrgMetadata.MaxNameLength"/> characters, not blank.</param>
/// <param name="Color">The display color as <c>#rrggbb</c>.</param>
/// <param name="RoomId">The sync room the org meets its peers in, or null while it has none.</param>
/// <param name="IsDefault">Whether this is the node's default org.</param>
/// <param name="CreatedAt">When the org was created (or joined) on this node.</param>
/// <param name="Sharing">Whether the document is synced with peers.</param>
public sealed record OrgMetadata(
    Guid Id,
    string Name,
    string Color,
    string? RoomId,
    bool IsDefault,
    DateTimeOffset CreatedAt,
    OrgSharing Sharing)
{
    /// <summary>The longest name the store accepts, in UTF-16 code units.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest room id the store accepts.</summary>
    public const int MaxRoomIdLength = 256;

    /// <summary>The keys of a shared org (null while local-only).</summary>
    public OrgSyncSecrets? SyncSecrets { get; init; }
}
