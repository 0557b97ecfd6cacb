using System.Text.Json;
using System.Text.Json.Serialization;
using P2PClinic.Sync.Keys;

namespace P2PClinic.Sync.Invites;

/// <summary>
/// What a joiner needs before it can authenticate (docs/protocol.md, "Invites"): the room, the org, how its keys are
/// derived, and the org's name and color for display. Everything else comes over the authenticated link.
/// </summary>
internal sealed record InvitePayload(int Version, string RoomId, Guid OrgId, int Iterations, string Name, string Color)
{
    public const int CurrentVersion = 1;

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(
        new InviteJson(Version, RoomId, OrgId.ToString("N"), Iterations, Name, Color), InviteJsonContext.Default.InviteJson);

    /// <exception cref="InviteException">The payload is not a valid invite of a version this node reads.</exception>
    public static InvitePayload FromJson(ReadOnlySpan<byte> json)
    {
        InviteJson? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(json, InviteJsonContext.Default.InviteJson);
        }
        catch (JsonException e)
        {
            throw new InviteException(InviteFailure.Malformed, "The invite is damaged: " + e.Message);
        }

        if (parsed is null)
        {
            throw new InviteException(InviteFailure.Malformed, "The invite is empty.");
        }

        if (parsed.V != CurrentVersion)
        {
            throw new InviteException(InviteFailure.UnsupportedVersion, $"The invite is of version {parsed.V}; this node reads version {CurrentVersion}. Update P2P Clinic.");
        }

        if (parsed.Iterations < OrgKeys.MinIterations || parsed.Iterations > OrgKeys.MaxIterations)
        {
            throw new InviteException(InviteFailure.Malformed, $"The invite asks for {parsed.Iterations} key-derivation iterations; this node accepts {OrgKeys.MinIterations} to {OrgKeys.MaxIterations}.");
        }

        if (string.IsNullOrWhiteSpace(parsed.RoomId) || parsed.RoomId.Length > 256 || !Guid.TryParseExact(parsed.OrgId, "N", out var orgId)
            || string.IsNullOrWhiteSpace(parsed.Name) || parsed.Name.Length > 200 || parsed.Color is not { Length: 7 })
        {
            throw new InviteException(InviteFailure.Malformed, "The invite is missing a field or has an invalid one.");
        }

        return new InvitePayload(parsed.V, parsed.RoomId, orgId, parsed.Iterations, parsed.Name, parsed.Color);
    }
}

internal sealed record InviteJson(
    [property: JsonPropertyName("v")] int V,
    [property: JsonPropertyName("roomId")] string RoomId,
    [property: JsonPropertyName("orgId")] string OrgId,
    [property: JsonPropertyName("iterations")] int Iterations,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("color")] string Color);

[JsonSerializable(typeof(InviteJson))]
internal sealed partial class InviteJsonContext : JsonSerializerContext;
