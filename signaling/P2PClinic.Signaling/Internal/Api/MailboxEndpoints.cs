using Microsoft.Extensions.Options;
using P2PClinic.Signaling.Internal.Hosting;
using P2PClinic.Signaling.Internal.Model;
using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>Mailboxes: post a signal to a peer, and drain one's own mailbox with long polling.</summary>
internal static class MailboxEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        var mailbox = api.MapGroup("/rooms/{room}/peers/{peer}/mailbox").RequireRateLimiting(RateLimitPolicies.Mailbox);
        mailbox.MapPost("", PostAsync);
        mailbox.MapPost("/drain", DrainAsync);
    }

    private static async Task<IResult> PostAsync(
        string room, string peer, HttpContext http, IRendezvousStore store, IOptions<SignalingOptions> options, ILogger<SignalingEndpoints> logger)
    {
        var limits = options.Value;
        var badRoom = Fields.Room(room, out var roomToken);
        var badPeer = Fields.Peer("peer", peer, out var to);
        if ((badRoom ?? badPeer) is { } invalidPath)
        {
            return invalidPath;
        }

        var (body, problem) = await JsonBody.ReadAsync(
            http.Request, Fields.BodyLimit(limits.MaxSignalBytes), SignalingJsonContext.Default.PostSignalRequest, http.RequestAborted);
        if (body is null)
        {
            return problem!;
        }

        var badFrom = Fields.Peer("from", body.From, out var from);
        var badSignal = Fields.Blob("signal", body.Signal, limits.MaxSignalBytes, out var signal);
        if ((badFrom ?? badSignal) is { } invalid)
        {
            return invalid;
        }

        if (from == to)
        {
            return Problems.Field("from", "a peer cannot post to its own mailbox");
        }

        var outcome = await store.PostSignalAsync(roomToken, from, to, signal, http.RequestAborted);
        SignalingLog.SignalPosted(logger, Base64UrlText.DecodedLength(signal.Text.Length), room, from.Value, to.Value, outcome.ToString());
        return outcome switch
        {
            PostOutcome.Delivered => Results.NoContent(),
            PostOutcome.SenderAbsent => Problems.Of(
                StatusCodes.Status404NotFound, Problems.PeerNotPresent, "The sender is not present.",
                "The sender ('from') is not present in the room; announce it first."),
            PostOutcome.RecipientAbsent => Problems.Of(
                StatusCodes.Status404NotFound, Problems.PeerNotPresent, "The recipient is not present.",
                "The recipient is not present in the room."),
            _ => Problems.Of(
                StatusCodes.Status409Conflict, Problems.MailboxFull, "The mailbox is full.",
                "The recipient's mailbox holds as many messages as the server allows; retry after it drains."),
        };
    }

    private static async Task<IResult> DrainAsync(
        string room, string peer, string? wait, HttpContext http, MailboxLongPoll longPoll,
        IOptions<SignalingOptions> options, IHostApplicationLifetime lifetime, ILogger<SignalingEndpoints> logger)
    {
        var badRoom = Fields.Room(room, out var roomToken);
        var badPeer = Fields.Peer("peer", peer, out var peerId);
        var badWait = Fields.Wait(wait, options.Value.MaxPollWait, out var waitFor);
        if ((badRoom ?? badPeer ?? badWait) is { } invalid)
        {
            return invalid;
        }

        var drain = await longPoll.DrainAsync(roomToken, peerId, waitFor, lifetime.ApplicationStopping, http.RequestAborted);
        if (!drain.PeerPresent)
        {
            return Problems.Of(
                StatusCodes.Status404NotFound, Problems.PeerNotPresent, "The peer is not present.",
                "The peer is not present in the room (never announced, left or expired); announce it again.");
        }

        SignalingLog.MailboxDrained(logger, room, peer, drain.Messages.Count);
        return Results.Json(
            new MailboxMessages([.. drain.Messages.Select(m => new MailboxMessageBody(m.From.Value, m.Signal.Text, m.SentAt))]),
            SignalingJsonContext.Default.MailboxMessages);
    }
}
