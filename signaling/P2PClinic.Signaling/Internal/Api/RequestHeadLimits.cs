using Microsoft.AspNetCore.Http.Features;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// The documented limits on a request's target and headers, answered with problem bodies. Kestrel answers its own
/// limits with a bare status and no body, so Kestrel's limits are set to a multiple of these (a last resort against
/// floods) and the documented ones are enforced here, where the answer can say what was wrong.
/// </summary>
internal static class RequestHeadLimits
{
    /// <summary>The longest request target (path and query, as sent) answered normally; longer is 414 (RFC 9110 section 15.5.15).</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The most bytes of header names and values together; more is 431 (RFC 6585 section 5).</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>The most header fields; more is 431 (RFC 6585 section 5).</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Kestrel's own limits, past which a request gets a bare status: four times the documented ones.</summary>
    public const int KestrelCeilingFactor = 4;

    public static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        if (Problem(http) is { } problem)
        {
            await problem.ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    private static IResult? Problem(HttpContext http)
    {
        var request = http.Request;
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString).ToString();
        if (target.Length > MaxTargetBytes)
        {
            return Problems.Of(
                StatusCodes.Status414UriTooLong, Problems.UriTooLong, "The request target is too long.",
                $"The path and query may be at most {MaxTargetBytes} bytes.");
        }

        var count = 0;
        var bytes = 0L;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0);
            }
        }

        if (count > MaxHeaderCount || bytes > MaxHeaderBytes)
        {
            return Problems.Of(
                StatusCodes.Status431RequestHeaderFieldsTooLarge, Problems.HeadersTooLarge, "The request headers are too large.",
                $"A request may carry at most {MaxHeaderCount} header fields, with at most {MaxHeaderBytes} bytes of names and values together.");
        }

        return null;
    }
}
