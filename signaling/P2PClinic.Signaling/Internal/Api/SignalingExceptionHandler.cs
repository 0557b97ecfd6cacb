using Microsoft.AspNetCore.Diagnostics;
using P2PClinic.Signaling.Internal.Hosting;
using StackExchange.Redis;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// Turns what can still go wrong after validation into problem bodies: a malformed request the framework caught
/// (400/413), and a store outage (503, so clients retry and the load balancer's health check takes over).
/// </summary>
internal sealed class SignalingExceptionHandler(ILogger<SignalingExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        IResult? problem = exception switch
        {
            BadHttpRequestException bad => Problems.Of(
                bad.StatusCode,
                bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? Problems.BodyTooLarge : Problems.InvalidBody,
                "The request is malformed.",
                "The server could not read the request."),
            RedisException or TimeoutException => StoreFailed(http, exception),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        await problem.ExecuteAsync(http);
        return true;
    }

    private IResult StoreFailed(HttpContext http, Exception exception)
    {
        SignalingLog.StoreFailed(logger, exception, http.Request.Path);
        http.Response.Headers.RetryAfter = "1";
        return Problems.Of(
            StatusCodes.Status503ServiceUnavailable, Problems.StoreUnavailable, "The store is unavailable.",
            "The signaling server cannot reach its store right now; retry shortly.");
    }
}
