using P2PClinic.Host.Api;
using P2PClinic.Host.Plugins;
using P2PClinic.Host.Security;

namespace P2PClinic.Host;

/// <summary>The node's request pipeline and endpoints.</summary>
internal static class NodeEndpoints
{
    /// <summary>The unauthenticated liveness endpoint.</summary>
    public const string HealthPath = "/healthz";

    public static WebApplication UseNodeEndpoints(this WebApplication app, Hosting.NodeOptions options, PluginHost plugins)
    {
        if (options.LogRequests)
        {
            // First, so that every request is counted, also those refused further in (no token, too large).
            app.UseMiddleware<RequestLogMiddleware>();
        }

        app.UseRouting();
        // CORS before authentication: browsers send preflights without the token.
        app.UseCors(Hosting.NodeServiceCollectionExtensions.GrpcWebCorsPolicy);
        app.UseMiddleware<ApiTokenMiddleware>();
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        app.UseMiddleware<PluginAvailabilityMiddleware>();

        app.MapGet(HealthPath, () => Results.Text("ok"));
        app.MapGrpcService<OrgApiService>();
        app.MapGrpcService<NodeApiService>();
        app.MapGrpcService<Sync.SyncApiService>();
        app.MapGrpcReflectionService();
        plugins.MapEndpoints(plugin => new PluginEndpointBuilder(app, plugin));
        return app;
    }
}
