using P2PClinic.Signaling.Internal.Hosting;
using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>Room presence: announce (<c>PUT</c>), list (<c>GET</c>) and leave (<c>DELETE</c>).</summary>
internal static class RoomEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var presence = api.MapGroup("/rooms/{room}/peers").RequireRateLimiting(RateLimitPolicies.Presence);
        presence.MapGet("", ListAsync);
        presence.MapPut("/{peer}", AnnounceAsync);
        presence.MapDelete("/{peer}", LeaveAsync);
    }

    private static async Task<IResult> AnnounceAsync(
        string room, string peer, HttpContext http, IRendezvousStore store, ILogger<SignalingEndpoints> logger)
    {
        var badRoom = Fields.Room(room, out var roomToken);
        var badPeer = Fields.Peer("peer", peer, out var peerId);
        if ((badRoom ?? badPeer) is { } invalid)
        {
            return invalid;
        }

        var announcement = await store.AnnounceAsync(roomToken, peerId, http.RequestAborted);
        if (!announcement.Accepted)
        {
            SignalingLog.RoomFull(logger, room, peer);
            return Problems.Of(
                StatusCodes.Status409Conflict, Problems.RoomFull, "The room is full.",
                "The room has as many peers as the server allows; retry when one leaves or expires.");
        }

        SignalingLog.PeerAnnounced(logger, room, peer);
        return Results.Json(new PeerAnnounced(announcement.ExpiresAt), SignalingJsonContext.Default.PeerAnnounced);
    }

    private static async Task<IResult> ListAsync(string room, HttpContext http, IRendezvousStore store)
    {
        if (Fields.Room(room, out var roomToken) is { } invalid)
        {
            return invalid;
        }

        var peers = await store.ListPeersAsync(roomToken, http.RequestAborted);
        return Results.Json(new RoomPeers([.. peers.Select(p => p.Value)]), SignalingJsonContext.Default.RoomPeers);
    }

    private static async Task<IResult> LeaveAsync(
        string room, string peer, HttpContext http, IRendezvousStore store, ILogger<SignalingEndpoints> logger)
    {
        var badRoom = Fields.Room(room, out var roomToken);
        var badPeer = Fields.Peer("peer", peer, out var peerId);
        if ((badRoom ?? badPeer) is { } invalid)
        {
            return invalid;
        }

        await store.LeaveAsync(roomToken, peerId, http.RequestAborted);
        SignalingLog.PeerLeft(logger, room, peer);
        return Results.NoContent();
    }
}
