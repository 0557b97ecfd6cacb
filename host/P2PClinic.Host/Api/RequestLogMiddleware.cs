namespace P2PClinic.Host.Api;

/// <summary>
/// <c>--log-requests</c>: one line per API request once it ends (method, path, HTTP status, time taken), in place of
/// ASP.NET Core's several lines per request (kept at Warning). For gRPC the status is HTTP's (200 for a call that
/// failed with a gRPC status: a failure the node did not expect is logged on its own, by the API's error interceptor).
/// Never the token, a query string or a body: the API carries health data.
/// </summary>
internal sealed class RequestLogMiddleware(RequestDelegate next, ILoggerFactory loggers, TimeProvider time)
{
    /// <summary>The log category of these lines.</summary>
    public const string Category = "P2PClinic.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            NodeLog.Request(_logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
