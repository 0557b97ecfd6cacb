using System.Text.Json;

namespace P2PClinic.Host;

/// <summary>Error answers written by middleware before a call reaches gRPC: trailers-only for gRPC clients, JSON for the rest.</summary>
internal static class GrpcResponses
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A gRPC "trailers-only" response (status in the headers, no body; gRPC over HTTP/2 spec, "Responses"),
    /// which native gRPC and gRPC-web clients both read; other callers get <paramref name="httpStatus"/> with a JSON body.
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, int grpcStatus, string message, int httpStatus)
    {
        var response = context.Response;
        if (IsGrpc(context.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = context.Request.ContentType;
            response.Headers["grpc-status"] = grpcStatus.ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            return;
        }

        response.StatusCode = httpStatus;
        response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(response.Body, new ErrorBody(grpcStatus, message), ErrorBodyContext.Default.ErrorBody, context.RequestAborted).ConfigureAwait(false);
    }
}

/// <summary>The JSON error shape, the same as JSON transcoding's (google.rpc.Status: code, message).</summary>
internal sealed record ErrorBody(int Code, string Message);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(ErrorBody))]
internal sealed partial class ErrorBodyContext : System.Text.Json.Serialization.JsonSerializerContext;
