using Grpc.Core;

namespace P2PClinic.Sdk;

/// <summary>
/// Maps a plugin's gRPC services on the node's API. Services mapped here get the node's authentication,
/// gRPC-web, reflection and error mapping like the node's own services, and answer Unavailable while the
/// plugin is not running.
/// </summary>
public interface IPluginEndpointBuilder
{
    /// <summary>Maps a gRPC service implemented by a class generated with <c>GrpcServices="Server"</c>; the node creates it per call from its container.</summary>
    /// <typeparam name="TService">The service implementation (a subclass of the generated <c>...Base</c>).</typeparam>
    void MapGrpcService<TService>()
        where TService : class;

    /// <summary>Maps a gRPC service given as a bound definition (e.g. <c>MyService.BindService(impl)</c>).</summary>
    /// <param name="service">The bound service.</param>
    void MapGrpcService(ServerServiceDefinition service);
}
