using System.Text.Json;
using System.Text.Json.Serialization;

namespace P2PClinic.Storage.Internal;

/// <summary>The notices kept in the database (a damaged WAL's account), as a JSON array.</summary>
internal static class StoreNoticeCodec
{
    public static byte[] Encode(IReadOnlyList<StoreNotice> notices) =>
        JsonSerializer.SerializeToUtf8Bytes(notices.ToArray(), StoreNoticeJsonContext.Default.StoreNoticeArray);

    public static IReadOnlyList<StoreNotice> Decode(byte[]? bytes)
    {
        if (bytes is null)
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, StoreNoticeJsonContext.Default.StoreNoticeArray) ?? [];
        }
        catch (JsonException)
        {
            // The notices are an account for the user, not data: a damaged one is dropped, not fatal.
            return [];
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoreNotice[]))]
internal sealed partial class StoreNoticeJsonContext : JsonSerializerContext;
