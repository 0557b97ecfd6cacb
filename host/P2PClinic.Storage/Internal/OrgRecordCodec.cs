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
            new OrgRecord(FormatVersion, org.Id, org.Name, org.Color, org.RoomId, org.IsDefault, org.CreatedAt, org.Sharing),
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

        return new OrgMetadata(record.Id, record.Name, record.Color, record.RoomId, record.IsDefault, record.CreatedAt, record.Sharing);
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
    OrgSharing Sharing);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(OrgRecord))]
internal sealed partial class OrgRecordJsonContext : JsonSerializerContext;
