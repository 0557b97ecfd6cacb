
namespace P2PClinic.Host.Plugins;

/// <summary>
/// Answers calls to a plugin's endpoints with gRPC Unavailable (HTTP 503 for other clients) while that plugin
/// is not running, e.g. because its start failed after its services were mapped.
/// </summary>
internal sealed class PluginAvailabilityMiddleware
{
    // gRPC status codes, https://grpc.github.io/grpc/core/md_doc_statuscodes.html
    private const int GrpcUnavailable = 14;

    private readonly RequestDelegate _next;

    public PluginAvailabilityMiddleware(RequestDelegate next)
    {
        _next = next;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var owner = context.GetEndpoint()?.Metadata.GetMetadata<PluginEndpointMetadata>();
        if (owner is null || owner.Plugin.State == PluginState.Running)
        {
            return _next(context);
        }

        var message = $"plugin '{owner.Plugin.Id}' is not running: {owner.Plugin.FailureReason ?? owner.Plugin.State.ToString()}";
        return GrpcResponses.WriteErrorAsync(context, GrpcUnavailable, message, StatusCodes.Status503ServiceUnavailable);
    }
}
