using System.Text.Json;
using System.Text.Json.Serialization;

namespace P2PClinic.Signaling.Internal.Api;

// The JSON bodies of the v1 API, exactly as docs/protocol.md describes them.

internal sealed record CreateShareCodeRequest(string? Payload, string? Code = null);

internal sealed record ShareCodeCreated(string Code, DateTimeOffset ExpiresAt);

internal sealed record ClaimShareCodeRequest(string? Code);

internal sealed record ShareCodeClaimed(string Payload);

internal sealed record PeerAnnounced(DateTimeOffset ExpiresAt);

internal sealed record RoomPeers(IReadOnlyList<string> Peers);

internal sealed record PostSignalRequest(string? From, string? Signal);

internal sealed record MailboxMessages(IReadOnlyList<MailboxMessageBody> Messages);

internal sealed record MailboxMessageBody(string From, string Signal, DateTimeOffset SentAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateShareCodeRequest))]
[JsonSerializable(typeof(ShareCodeCreated))]
[JsonSerializable(typeof(ClaimShareCodeRequest))]
[JsonSerializable(typeof(ShareCodeClaimed))]
[JsonSerializable(typeof(PeerAnnounced))]
[JsonSerializable(typeof(RoomPeers))]
[JsonSerializable(typeof(PostSignalRequest))]
[JsonSerializable(typeof(MailboxMessages))]
internal sealed partial class SignalingJsonContext : JsonSerializerContext;
