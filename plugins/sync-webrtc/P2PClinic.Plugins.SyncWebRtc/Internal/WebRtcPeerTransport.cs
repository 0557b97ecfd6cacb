using Microsoft.Extensions.Logging;
using P2PClinic.Plugins.SyncWebRtc.Internal.Links;
using P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.Sdk.Transport;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal;

/// <summary>The node's <see cref="IPeerTransport"/> over WebRTC data channels, with rooms met at the signaling server.</summary>
internal sealed class WebRtcPeerTransport : IPeerTransport, IAsyncDisposable
{
    /// <summary>A signaling call (other than a drain's wait) may take this long; connecting alone at most 5 s.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly SyncWebRtcSettings settings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly HttpClient http;
    private readonly Lazy<RtcConfiguration> rtcConfiguration;
    private readonly HashSet<WebRtcPeerRoom> rooms = [];

    /// <summary>Tokens of the rooms joined or being joined: a second membership of one room would link the node to itself.</summary>
    private readonly HashSet<string> roomTokens = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private bool disposed;

    public WebRtcPeerTransport(SyncWebRtcSettings settings, TimeProvider time, ILoggerFactory loggers)
    {
        this.settings = settings;
        this.time = time;
        logger = loggers.CreateLogger("P2PClinic.Plugins.SyncWebRtc");
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        rtcConfiguration = new Lazy<RtcConfiguration>(CreateRtcConfiguration, LazyThreadSafetyMode.ExecutionAndPublication);
        if (settings.Problem is { } problem)
        {
            SyncWebRtcLog.NotConfigured(logger, problem);
        }
    }

    public string Name => "webrtc";

    public async Task<IPeerRoom> JoinAsync(string roomId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roomId);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
        }

        if (settings.Problem is { } problem || settings.SignalingUrl is null)
        {
            throw new PeerTransportException(PeerTransportFailure.NotConfigured, "The WebRTC transport is not configured: " + (settings.Problem ?? "no signaling server"));
        }

        var token = RoomSecrets.Derive(roomId).Token;
        lock (gate)
        {
            if (!roomTokens.Add(token))
            {
                throw new InvalidOperationException("this node has already joined the room; dispose that membership before joining again");
            }
        }

        WebRtcPeerRoom room;
        try
        {
            var signaling = new SignalingClient(http, settings.SignalingUrl, RequestTimeout);
            room = await WebRtcPeerRoom.JoinAsync(roomId, settings, RtcConfiguration(), signaling, time, logger, Forget, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (gate)
            {
                roomTokens.Remove(token);
            }

            throw;
        }

        bool late;
        lock (gate)
        {
            late = disposed;
            if (!late)
            {
                rooms.Add(room);
            }
        }

        if (late)
        {
            await room.DisposeAsync().ConfigureAwait(false);
            throw new ObjectDisposedException(nameof(WebRtcPeerTransport));
        }

        return room;
    }

    /// <summary>Leaves every room (so peers see this node go at once) and releases the HTTP client.</summary>
    public async ValueTask DisposeAsync()
    {
        List<WebRtcPeerRoom> joined;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            joined = [.. rooms];
        }

        await Task.WhenAll(joined.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
        http.Dispose();
    }

    private void Forget(WebRtcPeerRoom room)
    {
        lock (gate)
        {
            rooms.Remove(room);
            roomTokens.Remove(room.RoomToken);
        }
    }

    /// <exception cref="PeerTransportException">The node's DTLS certificate cannot be stored (the contract's only join failure type).</exception>
    private RtcConfiguration RtcConfiguration()
    {
        try
        {
            return rtcConfiguration.Value;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PeerTransportException(
                PeerTransportFailure.NotConfigured,
                $"The WebRTC transport cannot keep its DTLS certificate in {settings.DataDirectory}: {e.Message}",
                e);
        }
    }

    private RtcConfiguration CreateRtcConfiguration() => new()
    {
        IceServers = settings.IceServers,
        LoopbackOnly = settings.LoopbackOnly,
        Certificate = NodeCertificate.LoadOrCreate(settings.DataDirectory, time, logger),
        ConsentInterval = settings.ConsentInterval,
        DisconnectedTimeout = settings.DisconnectedTimeout,
        FailedTimeout = settings.FailedTimeout,
        ConnectTimeout = settings.ConnectTimeout,
        TimeProvider = time,
    };
}
