using Microsoft.Extensions.Logging.Abstractions;
using P2PClinic.Plugins.SyncWebRtc.Internal;

namespace P2PClinic.SyncWebRtc.Tests.Infrastructure;

/// <summary>Transports as the plugin builds them, pointed at a test signaling server, loopback only, with quick polls and timeouts.</summary>
public static class TestTransports
{
    internal static SyncWebRtcSettings Settings(Uri signalingUrl) => new()
    {
        SignalingUrl = signalingUrl,
        LoopbackOnly = true,
        PresencePollInterval = TimeSpan.FromMilliseconds(500),
        SignalTimeout = TimeSpan.FromSeconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(20),
        FailedTimeout = TimeSpan.FromSeconds(8),
        ReconnectDelay = TimeSpan.FromMilliseconds(500),
        MaxReconnectDelay = TimeSpan.FromSeconds(4),
        DataDirectory = "",
    };

    internal static WebRtcPeerTransport Create(Uri signalingUrl) => Create(Settings(signalingUrl));

    internal static WebRtcPeerTransport Create(SyncWebRtcSettings settings) =>
        new(settings, TimeProvider.System, NullLoggerFactory.Instance);

    /// <summary>A room id no other test uses.</summary>
    public static string NewRoomId() => "room-" + Guid.NewGuid().ToString("N");
}
