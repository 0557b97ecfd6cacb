namespace P2PClinic.Sdk;

/// <summary>An org as plugins see it: its local metadata.</summary>
/// <param name="Id">The org's id, the same on every member's node.</param>
/// <param name="Name">The display name.</param>
/// <param name="Color">The display color as <c>#rrggbb</c>.</param>
/// <param name="IsDefault">Whether it is the node's default org.</param>
/// <param name="IsShared">Whether its document is synced with peers.</param>
/// <param name="RoomId">The sync room, or null while it has none.</param>
/// <param name="CreatedAt">When it was created or joined on this node.</param>
public sealed record OrgInfo(Guid Id, string Name, string Color, bool IsDefault, bool IsShared, string? RoomId, DateTimeOffset CreatedAt);
