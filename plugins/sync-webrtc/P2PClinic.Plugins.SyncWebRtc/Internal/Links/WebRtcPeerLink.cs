using P2PClinic.Sdk.Transport;
using P2PClinic.WebRtc;

namespace P2PClinic.Plugins.SyncWebRtc.Internal.Links;

/// <summary>
/// A link over one WebRTC peer connection and its single pre-negotiated, reliable, ordered data channel. It ends
/// when the connection fails (consent expired: the peer vanished), the peer closes it, or it is disposed.
/// </summary>
internal sealed class WebRtcPeerLink : IPeerLink
{
    /// <summary>The pre-negotiated stream both sides open (RFC 8832 section 6: negotiated channels need no DCEP).</summary>
    public const ushort StreamId = 0;

    public const string ChannelLabel = "p2pclinic";

    private readonly RtcPeerConnection connection;
    private readonly RtcDataChannel channel;
    private readonly DataChannelInbox inbox;
    private readonly TaskCompletionSource<PeerLinkClosure> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int disposed;

    /// <summary>Wraps a connected connection whose channel is open; the link owns both from now on.</summary>
    /// <summary>The candidate kinds of the path in use (host, srflx, prflx, relay), so a user can see why a link is slow.</summary>
    public RtcIcePath? Path => connection.SelectedPath;

    /// <summary>The path in words, for the log and the API's peer status: "relayed through a TURN server (local relay, remote srflx)".</summary>
    public string PathDescription => Path is { } path ? $"{Describe(path.Kind)} (local {Name(path.Local)}, remote {Name(path.Remote)})" : "";

    /// <summary>ICE servers that gave this link's connection no candidates (wrong TURN credentials, no answer).</summary>
    public IReadOnlyList<string> IceServerProblems => connection.IceServerProblems;

    public WebRtcPeerLink(string remotePeerId, RtcPeerConnection connection, DataChannelInbox inbox, int maxMessageSize)
    {
        RemotePeerId = remotePeerId;
        this.connection = connection;
        this.inbox = inbox;
        channel = inbox.DataChannel;
        MaxMessageSize = maxMessageSize;
        ChannelBinding = new ChannelBinding(connection.LocalFingerprint, connection.RemoteFingerprint ?? throw new InvalidOperationException("the connection has no verified remote fingerprint"));
        channel.Closed += () => End(PeerLinkCloseReason.ClosedByPeer, "the data channel was closed");
        inbox.Overrun += () => End(PeerLinkCloseReason.Failed, $"the peer sent more than {DataChannelInbox.MaxBufferedBytes} bytes that were not read yet");
        connection.ConnectionStateChanged += OnStateChanged;

        // The state may have moved on before the handlers were attached.
        OnStateChanged(connection.ConnectionState);
        if (channel.State is RtcDataChannelState.Closing or RtcDataChannelState.Closed)
        {
            End(PeerLinkCloseReason.ClosedByPeer, "the data channel was closed");
        }
    }

    public string RemotePeerId { get; }

    public ChannelBinding ChannelBinding { get; }

    public int MaxMessageSize { get; }

    public Task<PeerLinkClosure> Completion => completion.Task;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (message.Length > MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(message), message.Length, $"a message carries at most {MaxMessageSize} bytes; split larger payloads");
        }

        ThrowIfEnded();
        try
        {
            await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The channel or association ended under us: the link is over whatever the events say yet.
            End(PeerLinkCloseReason.Failed, "sending failed: " + e.Message);
            ThrowIfEnded();
            throw;
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var (ok, message) = await inbox.TakeAsync(cancellationToken).ConfigureAwait(false);
        if (ok)
        {
            return message;
        }

        throw new PeerLinkClosedException(await completion.Task.ConfigureAwait(false));
    }

    /// <summary>Ends the link with a reason given by its room (the peer left, a new connection replaced it).</summary>
    public ValueTask CloseAsync(PeerLinkCloseReason reason, string detail)
    {
        End(reason, detail);
        return DisposeConnectionAsync();
    }

    public ValueTask DisposeAsync()
    {
        End(PeerLinkCloseReason.ClosedLocally, "closed by this node");
        return DisposeConnectionAsync();
    }

    private async ValueTask DisposeConnectionAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            // A graceful close (SCTP SHUTDOWN) tells the peer at once instead of after its consent timeout.
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnStateChanged(RtcPeerConnectionState state)
    {
        switch (state)
        {
            case RtcPeerConnectionState.Failed:
                End(PeerLinkCloseReason.PeerUnreachable, "the peer stopped answering (ICE consent expired)");
                break;
            case RtcPeerConnectionState.Closed:
                End(PeerLinkCloseReason.ClosedByPeer, "the peer closed the connection");
                break;
        }
    }

    private void End(PeerLinkCloseReason reason, string detail)
    {
        if (completion.TrySetResult(new PeerLinkClosure(reason, detail)))
        {
            inbox.Complete();
            if (reason is PeerLinkCloseReason.PeerUnreachable or PeerLinkCloseReason.ClosedByPeer or PeerLinkCloseReason.Failed)
            {
                // Release the socket and threads now; nobody may ever dispose a link that died on its own.
                _ = Task.Run(async () => await DisposeConnectionAsync().ConfigureAwait(false));
            }
        }
    }

    private void ThrowIfEnded()
    {
        if (completion.Task.IsCompleted)
        {
            throw new PeerLinkClosedException(completion.Task.Result);
        }
    }

    private static string Describe(RtcIceCandidateType kind) => kind switch
    {
        RtcIceCandidateType.Host => "direct, same network",
        RtcIceCandidateType.Relayed => "relayed through a TURN server",
        _ => "direct, through NAT",
    };

    private static string Name(RtcIceCandidateType type) => type switch
    {
        RtcIceCandidateType.Host => "host",
        RtcIceCandidateType.ServerReflexive => "srflx",
        RtcIceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };
}
