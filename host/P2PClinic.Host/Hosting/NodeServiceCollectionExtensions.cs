using P2PClinic.Host.Api;
using P2PClinic.Host.Documents;
using P2PClinic.Host.Plugins;
using P2PClinic.Host.Security;
using P2PClinic.Host.Sync;
using P2PClinic.Sdk;
using P2PClinic.Storage;

namespace P2PClinic.Host.Hosting;

/// <summary>The node's own services, registered in one place.</summary>
internal static class NodeServiceCollectionExtensions
{
    /// <summary>The CORS policy that admits configured browser origins to gRPC-web.</summary>
    public const string GrpcWebCorsPolicy = "grpc-web";

    public static IServiceCollection AddNodeServices(this IServiceCollection services, NodeOptions options, DocumentStore store, ApiToken token, PluginHost plugins)
    {
        services.AddSingleton(options);
        services.AddSingleton(store);
        services.AddSingleton(token);
        services.AddSingleton(plugins);
        services.AddSingleton(TimeProvider.System);
        // Resolved from the container (so a plugin's stray TimeProvider would show here), and created right after the
        // host is built (NodeProgram), not on first use: uptime counts from the node's start.
        services.AddSingleton(sp => new NodeClock(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<OrgDocumentRegistry>();
        services.AddSingleton<IOrgDocuments>(sp => sp.GetRequiredService<OrgDocumentRegistry>());
        services.AddSingleton<IOrgDirectory, OrgDirectory>();
        services.AddNodeSync();

        services.AddGrpc(grpc => grpc.Interceptors.Add<ApiErrorInterceptor>())
            .CheckRequestMessages()
            .AddJsonTranscoding(json => json.JsonSettings.WriteInt64sAsStrings = true);
        services.AddGrpcReflection();
        services.AddCors(cors => cors.AddPolicy(GrpcWebCorsPolicy, policy => policy
            .WithOrigins([.. options.CorsOrigins])
            .AllowAnyHeader()
            .WithMethods("POST", "GET", "OPTIONS")
            // What gRPC-web clients read from headers; a trailers-only answer (an error) carries its status there.
            .WithExposedHeaders("Grpc-Status", "Grpc-Message", "Grpc-Status-Details-Bin", "Grpc-Encoding", "Grpc-Accept-Encoding")));
        return services;
    }
}
