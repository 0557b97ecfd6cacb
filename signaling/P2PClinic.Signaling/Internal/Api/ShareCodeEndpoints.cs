using Microsoft.Extensions.Options;
using P2PClinic.Signaling.Internal.Hosting;
using P2PClinic.Signaling.Internal.Model;
using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary><c>POST /v1/share-codes</c> and <c>POST /v1/share-codes/claim</c>.</summary>
internal static class ShareCodeEndpoints
{
    /// <summary>A collision among 8.5e11 codes is rare; several in a row mean something is wrong with the store.</summary>
    private const int CreateAttempts = 4;

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/share-codes", CreateAsync).RequireRateLimiting(RateLimitPolicies.ShareCodeCreate);
        api.MapPost("/share-codes/claim", ClaimAsync).RequireRateLimiting(RateLimitPolicies.ShareCodeClaim);
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, IRendezvousStore store, IOptions<SignalingOptions> options, ILogger<SignalingEndpoints> logger)
    {
        var limits = options.Value;
        var ct = http.RequestAborted;
        var (body, problem) = await JsonBody.ReadAsync(
            http.Request, Fields.BodyLimit(limits.MaxInvitePayloadBytes), SignalingJsonContext.Default.CreateShareCodeRequest, ct);
        if (body is null)
        {
            return problem!;
        }

        if (Fields.Blob("payload", body.Payload, limits.MaxInvitePayloadBytes, out var payload) is { } invalid)
        {
            return invalid;
        }

        // A node may pick the code itself (docs/protocol.md, "Share codes"): it seals the payload under the code
        // before the server sees either, so the code is never the server's to choose. Such a code is tried once.
        ShareCode? chosen = null;
        if (body.Code is not null)
        {
            if (Fields.Code(body.Code, out var proposed) is { } badCode)
            {
                return badCode;
            }

            chosen = proposed;
        }

        for (var attempt = 1; attempt <= (chosen is null ? CreateAttempts : 1); attempt++)
        {
            var code = chosen ?? ShareCode.NewRandom();
            if (await store.CreateShareCodeAsync(code, payload, ct) is { } expiresAt)
            {
                SignalingLog.ShareCodeCreated(logger, Base64UrlText.DecodedLength(payload.Text.Length), expiresAt);
                return Results.Json(
                    new ShareCodeCreated(code.Display, expiresAt), SignalingJsonContext.Default.ShareCodeCreated,
                    statusCode: StatusCodes.Status201Created);
            }
        }

        if (chosen is not null)
        {
            return Problems.Of(
                StatusCodes.Status409Conflict, Problems.ShareCodeTaken, "The share code is taken.",
                "Another invite uses this code now; pick another.");
        }

        SignalingLog.ShareCodeCollisions(logger, CreateAttempts);
        return Problems.Of(
            StatusCodes.Status503ServiceUnavailable, Problems.StoreUnavailable, "No share code is free.",
            "Could not find an unused share code; try again.");
    }

    private static async Task<IResult> ClaimAsync(
        HttpContext http, IRendezvousStore store, IOptions<SignalingOptions> options, TimeProvider time, ILogger<SignalingEndpoints> logger)
    {
        var limits = options.Value;
        var ct = http.RequestAborted;
        var client = ClientPartition.Of(http.Connection.RemoteIpAddress);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, 256, SignalingJsonContext.Default.ClaimShareCodeRequest, ct);
        if (body is null)
        {
            return problem!;
        }

        if (Fields.Code(body.Code, out var code) is { } invalid)
        {
            return invalid;
        }

        // The lockout is checked and this guess counted in one atomic step, only now that the guess is in hand:
        // checking before the body arrived let every claim whose body was still on its way past the same check.
        var attempt = await store.TryStartClaimAttemptAsync(client, ct);
        if (!attempt.Admitted)
        {
            return LockedOut(http, attempt, time);
        }

        if (await store.ClaimShareCodeAsync(code, ct) is { } payload)
        {
            // Not cancellable: the code is taken, so the guess it was counted as must be given back.
            await store.RefundClaimAttemptAsync(client, attempt.WindowEndsAt, CancellationToken.None);
            SignalingLog.ShareCodeClaimed(logger);
            return Results.Json(new ShareCodeClaimed(payload.Text), SignalingJsonContext.Default.ShareCodeClaimed);
        }

        SignalingLog.ShareCodeClaimFailed(logger, attempt.Count, limits.MaxFailedClaims, client);
        if (attempt.Count == limits.MaxFailedClaims)
        {
            SignalingLog.ClaimsLockedOut(logger, client, attempt.WindowEndsAt);
        }

        // Unknown, expired and already claimed look the same: a guesser learns nothing from the answer.
        return Problems.Of(
            StatusCodes.Status404NotFound, Problems.ShareCodeNotFound, "No such share code.",
            "The share code is unknown, expired or already claimed.");
    }

    private static IResult LockedOut(HttpContext http, ClaimAttempt failed, TimeProvider time) =>
        Problems.TooManyRequests(
            http, failed.WindowEndsAt - time.GetUtcNow(), Problems.ClaimsLockedOut,
            "Too many failed share code claims from this client; retry after the Retry-After header's seconds.");
}
