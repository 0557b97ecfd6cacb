using Microsoft.Extensions.DependencyInjection;
using P2PClinic.Sdk;
using P2PClinic.Tests.Plugins;

namespace P2PClinic.Tests.Greeter;

/// <summary>The greeter test plugin's entry point.</summary>
public sealed class GreeterNodePlugin : NodePlugin
{
    public override void ConfigureServices(IServiceCollection services, PluginContext context) =>
        services.AddSingleton(new GreetingFormat($"Hello, {{0}}! (from {context.PluginId} {context.PluginVersion})"));

    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<GreeterService>();

    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        StartLog.Record("tests.greeter");
        return Task.CompletedTask;
    }
}

/// <summary>A service the plugin registers, to prove its registrations reach its gRPC service.</summary>
public sealed record GreetingFormat(string Format);
