using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using P2PClinic.Plugins.SyncWebRtc.Internal;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Transport;

namespace P2PClinic.Plugins.SyncWebRtc;

/// <summary>
/// The WebRTC peer transport: registers <see cref="IPeerTransport"/> (rooms met through the signaling server named by
/// <c>Plugins:p2pclinic.sync-webrtc:SignalingUrl</c>, links over WebRTC data channels). See docs/transport.md.
/// </summary>
public sealed class SyncWebRtcPlugin : NodePlugin
{
    private WebRtcPeerTransport? _transport;

    /// <inheritdoc/>
    public override void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = SyncWebRtcSettings.Read(context.Configuration, context.DataDirectory);
        if (settings.Problem is { } problem)
        {
            // The node runs on without sync; node status shows why sharing and joining cannot work.
            context.Health.ReportDegraded("cannot share or join orgs: " + problem);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new WebRtcPeerTransport(settings, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IPeerTransport>(sp => sp.GetRequiredService<WebRtcPeerTransport>());
        services.AddSingleton<IShareCodeRendezvous>(sp => sp.GetRequiredService<WebRtcPeerTransport>());
    }

    /// <inheritdoc/>
    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Created now, so that a configuration problem is logged at start rather than at the first join.
        _transport = services.GetRequiredService<WebRtcPeerTransport>();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task OnNodeStoppingAsync(CancellationToken cancellationToken)
    {
        // Leave every room (DELETE presence) so that peers see this node go at once, not when its presence lapses.
        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
