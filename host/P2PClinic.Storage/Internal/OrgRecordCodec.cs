using System.Text.Json;
using System.Text.Json.Serialization;

namespace P2PClinic.Storage.Internal;

/// <summary>
/// Org metadata on disk: a small JSON object with a format version, so later fields (derived keys,
/// invite state) can be added without a migration.
/// </summary>
internal static class OrgRecordCodec
{
    private const int FormatVersion = 1;

    public static byte[] Encode(OrgMetadata org) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new OrgRecord(FormatVersion, org.Id, org.Name, org.Color, org.RoomId, org.IsDefault, org.CreatedAt, org.Sharing)
            {
                Sync = org.SyncSecrets is { } secrets ? new OrgSyncRecord(secrets.AuthKey, secrets.EncryptionKey, secrets.Iterations, secrets.Confirmed) : null,
            },
            OrgRecordJsonContext.Default.OrgRecord);

    public static OrgMetadata Decode(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        var id = StoreKeys.ReadOrg(key);
        OrgRecord? record;
        try
        {
            record = JsonSerializer.Deserialize(value, OrgRecordJsonContext.Default.OrgRecord);
        }
        catch (JsonException e)
        {
            throw new StoreCorruptionException($"The metadata of org {id} is damaged: {e.Message}", e);
        }

        if (record is null || record.V != FormatVersion || record.Id != id || record.Name is null || record.Color is null)
        {
            throw new StoreCorruptionException($"The metadata of org {id} is damaged or in an unknown format.");
        }

        OrgSyncSecrets? secrets = null;
        if (record.Sync is { } sync)
        {
            if (sync.AuthKey is not { Length: 32 } || sync.EncryptionKey is not { Length: 32 } || sync.Iterations <= 0)
            {
                throw new StoreCorruptionException($"The sync keys of org {id} are damaged.");
            }

            secrets = new OrgSyncSecrets(sync.AuthKey, sync.EncryptionKey, sync.Iterations, sync.Confirmed);
        }

        return new OrgMetadata(record.Id, record.Name, record.Color, record.RoomId, record.IsDefault, record.CreatedAt, record.Sharing) { SyncSecrets = secrets };
    }
}

internal sealed record OrgRecord(
    int V,
    Guid Id,
    string Name,
    string Color,
    string? RoomId,
    bool IsDefault,
    DateTimeOffset CreatedAt,
    OrgSharing Sharing)
{
    /// <summary>Absent in records written before sync existed (still format 1: the field is additive).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OrgSyncRecord? Sync { get; init; }
}

/// <summary>Keys as base64 (System.Text.Json's byte[] form).</summary>
internal sealed record OrgSyncRecord(byte[] AuthKey, byte[] EncryptionKey, int Iterations, bool Confirmed);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrgRecord))]
[JsonSerializable(typeof(OrgSyncRecord))]
internal sealed partial class OrgRecordJsonContext : JsonSerializerContext;
