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
                bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => Problems.BodyTooLarge,
                    // Kestrel's minimum body data rate (see SignalingApplicationExtensions) was not met.
                    StatusCodes.Status408RequestTimeout => Problems.BodyTimeout,
                    _ => Problems.InvalidBody,
                },
                "The request is malformed.",
                "The server could not read the request."),
            RedisException or TimeoutException => StoreFailed(http, exception),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        if (exception is BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout })
        {
            // RFC 9110 section 15.5.9: the rest of the body is still on its way; the connection cannot be reused.
            http.Response.Headers.Connection = "close";
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
