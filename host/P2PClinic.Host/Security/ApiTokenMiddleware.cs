using Microsoft.Net.Http.Headers;

namespace P2PClinic.Host.Security;

/// <summary>
/// Lets a request through only with the node's token. The health endpoint and CORS preflights (which browsers
/// send without credentials) are exempt; everything else, including reflection, needs the token.
/// </summary>
internal sealed class ApiTokenMiddleware
{
    // gRPC status code UNAUTHENTICATED, https://grpc.github.io/grpc/core/md_doc_statuscodes.html
    private const int GrpcUnauthenticated = 16;

    private readonly RequestDelegate _next;
    private readonly ApiToken _token;

    public ApiTokenMiddleware(RequestDelegate next, ApiToken token)
    {
        _next = next;
        _token = token;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(NodeEndpoints.HealthPath) || HttpMethods.IsOptions(context.Request.Method))
        {
            return _next(context);
        }

        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (_token.Accepts(header))
        {
            return _next(context);
        }

        var message = header.Length == 0
            ? "missing 'authorization: Bearer <token>'; the token is in the node's data directory (file api-token)"
            : "the bearer token is not this node's token";
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return GrpcResponses.WriteErrorAsync(context, GrpcUnauthenticated, message, StatusCodes.Status401Unauthorized);
    }
}
