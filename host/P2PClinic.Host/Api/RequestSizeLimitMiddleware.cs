using Microsoft.AspNetCore.Http.Features;

namespace P2PClinic.Host.Api;

/// <summary>
/// The JSON routes take at most the gRPC message limit (4 MiB, grpc-dotnet's default MaxReceiveMessageSize),
/// the same as gRPC and gRPC-web: JSON transcoding reads a whole body into memory before it parses it, so without
/// this a few concurrent large bodies cost gigabytes. A body announced larger is answered 413 before a byte of it
/// is read (a client that sends <c>Expect: 100-continue</c> never sends it); a chunked body is cut off at the limit.
/// gRPC calls keep their own per-message limit (grpc-dotnet lifts Kestrel's body limit for them, as streams are long).
/// </summary>
internal sealed class RequestSizeLimitMiddleware
{
    /// <summary>4 MiB: grpc-dotnet's default receive limit, applied to JSON bodies too.</summary>
    public const long MaxBodyBytes = 4 * 1024 * 1024;

    // gRPC status code RESOURCE_EXHAUSTED, what gRPC itself answers for a message over the limit
    // (https://grpc.github.io/grpc/core/md_doc_statuscodes.html).
    private const int GrpcResourceExhausted = 8;

    private readonly RequestDelegate _next;

    public RequestSizeLimitMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    public Task InvokeAsync(HttpContext context)
    {
        if (GrpcResponses.IsGrpc(context.Request))
        {
            return _next(context);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return GrpcResponses.WriteErrorAsync(context, GrpcResourceExhausted, TooLarge(context.Request.ContentLength.Value), StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        return _next(context);
    }

    private static string TooLarge(long length) =>
        $"the request body is {length} bytes; the node accepts at most {MaxBodyBytes} bytes (4 MiB) per request, as for gRPC messages";
}
