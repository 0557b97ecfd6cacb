using System.Text.Json.Serialization;

namespace P2PClinic.Cli.Views;

/// <summary>What <c>org share --json</c> prints.</summary>
internal sealed record SharedView(string OrgId, string RoomId);

/// <summary>What <c>org invite --json</c> prints.</summary>
internal sealed record InviteView(string Code, DateTimeOffset ExpiresAt);

/// <summary>What <c>org join --json</c> prints once the join ended: stage <c>done</c> or <c>waiting-for-member</c>.</summary>
internal sealed record JoinView(string OrgId, string OrgName, string Stage, string Message);

/// <summary>What <c>org peers --json</c> prints (one object per line with <c>--watch</c>).</summary>
internal sealed record SyncStatusView(string OrgId, string State, long PendingUpdates, DateTimeOffset? LastSync, string Detail, IReadOnlyList<PeerView> Peers);

internal sealed record PeerView(string PeerId, string DisplayName, string State, DateTimeOffset? LastSeen, long BytesIn, long BytesOut, string Detail, string Path);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SharedView))]
[JsonSerializable(typeof(InviteView))]
[JsonSerializable(typeof(JoinView))]
[JsonSerializable(typeof(SyncStatusView))]
internal sealed partial class SharingJson : JsonSerializerContext;
