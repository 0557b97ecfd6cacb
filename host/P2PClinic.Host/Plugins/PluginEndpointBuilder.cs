using Grpc.Core;
using P2PClinic.Sdk;

namespace P2PClinic.Host.Plugins;

/// <summary>The SDK's endpoint builder: maps through grpc-dotnet and tags each endpoint with the plugin that owns it.</summary>
internal sealed class PluginEndpointBuilder : IPluginEndpointBuilder
{
    private readonly IEndpointRouteBuilder _endpoints;
    private readonly PluginRuntime _plugin;

    public PluginEndpointBuilder(IEndpointRouteBuilder endpoints, PluginRuntime plugin)
    {
        _endpoints = endpoints;
        _plugin = plugin;
    }

    public void MapGrpcService<TService>()
        where TService : class =>
        _endpoints.MapGrpcService<TService>().WithMetadata(new PluginEndpointMetadata(_plugin));

    public void MapGrpcService(ServerServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        _endpoints.MapGrpcService(service).WithMetadata(new PluginEndpointMetadata(_plugin));
    }
}

/// <summary>Endpoint metadata naming the plugin an endpoint belongs to.</summary>
internal sealed record PluginEndpointMetadata(PluginRuntime Plugin);
