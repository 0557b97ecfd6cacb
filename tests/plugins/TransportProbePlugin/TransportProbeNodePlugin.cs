using Microsoft.Extensions.DependencyInjection;
using P2PClinic.Sdk;

namespace P2PClinic.Tests.TransportProbe;

/// <summary>The transport probe's entry point.</summary>
public sealed class TransportProbeNodePlugin : NodePlugin
{
    private ProbeRooms? _rooms;

    public override void ConfigureServices(IServiceCollection services, PluginContext context) => services.AddSingleton<ProbeRooms>();

    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<TransportProbeService>();

    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _rooms = services.GetRequiredService<ProbeRooms>();
        return Task.CompletedTask;
    }

    public override async Task OnNodeStoppingAsync(CancellationToken cancellationToken)
    {
        if (_rooms is not null)
        {
            await _rooms.DisposeAsync();
        }
    }
}
