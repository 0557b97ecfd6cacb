using Microsoft.Extensions.Logging;
using P2PClinic.Plugins.SyncWebRtc.Internal.Links;
using P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;
using P2PClinic.Sdk.Transport;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal;

/// <summary>
/// The node's <see cref="IPeerTransport"/> over WebRTC data channels, with rooms met at the signaling server, and the
/// share codes of that server (<see cref="IShareCodeRendezvous"/>).
/// </summary>
internal sealed class WebRtcPeerTransport : IPeerTransport, IShareCodeRendezvous, IAsyncDisposable
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

    public async Task<ShareCodeRegistration?> RegisterAsync(string code, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var created = await CallSignalingAsync("new share codes", s => s.CreateShareCodeAsync(code, payload.ToArray(), cancellationToken)).ConfigureAwait(false);
        return created is { } c ? new ShareCodeRegistration(c.Code, c.ExpiresAt) : null;
    }

    public async Task<ReadOnlyMemory<byte>> ClaimAsync(string code, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var payload = await CallSignalingAsync("share-code claims", s => s.ClaimShareCodeAsync(code, cancellationToken)).ConfigureAwait(false);
        return payload ?? throw new ShareCodeNotFoundException();
    }

    /// <summary>A share-code call (<paramref name="requests"/> names its kind for a refusal), with the signaling client's failures in the contract's terms.</summary>
    private async Task<T> CallSignalingAsync<T>(string requests, Func<SignalingClient, Task<T>> call)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
        }

        if (settings.Problem is { } problem || settings.SignalingUrl is null)
        {
            throw new PeerTransportException(PeerTransportFailure.NotConfigured, "The WebRTC transport is not configured: " + (settings.Problem ?? "no signaling server"));
        }

        try
        {
            return await call(new SignalingClient(http, settings.SignalingUrl, RequestTimeout)).ConfigureAwait(false);
        }
        catch (SignalingException e) when (e.IsUnreachable)
        {
            throw new PeerTransportException(PeerTransportFailure.Unreachable, e.Message, e);
        }
        catch (SignalingException e)
        {
            var message = e.Status == System.Net.HttpStatusCode.TooManyRequests
                ? $"The signaling server refuses more {requests} from this address for now{(e.RetryAfter is { } wait ? $" (retry in {Math.Ceiling(wait.TotalMinutes)} min)" : "")}."
                : e.Message;
            throw new PeerTransportException(PeerTransportFailure.Rejected, message, e);
        }
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
        IceTransportPolicy = settings.IceTransportPolicy,
        LoopbackOnly = settings.LoopbackOnly,
        Certificate = NodeCertificate.LoadOrCreate(settings.DataDirectory, time, logger),
        ConsentInterval = settings.ConsentInterval,
        DisconnectedTimeout = settings.DisconnectedTimeout,
        FailedTimeout = settings.FailedTimeout,
        ConnectTimeout = settings.ConnectTimeout,
        TimeProvider = time,
    };
}
