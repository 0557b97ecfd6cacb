using System.Text.Json;

namespace P2PClinic.Sync.Sessions;

/// <summary>A member's awareness state: <c>{"name": "...", "online": true}</c> (docs/protocol.md, "Presence").</summary>
internal static class PresenceState
{
    public const int MaxNameLength = 100;

    public static string Write(string displayName) =>
        JsonSerializer.Serialize(new Dictionary<string, object> { ["name"] = displayName, ["online"] = true });

    public static string? ReadName(string stateJson)
    {
        try
        {
            using var json = JsonDocument.Parse(stateJson);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                var text = name.GetString() ?? "";
                return text.Length > MaxNameLength ? text[..MaxNameLength] : text;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
