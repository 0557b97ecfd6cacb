using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using P2PClinic.Crdt;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Transport;
using P2PClinic.Sync.Handshake;
using P2PClinic.Sync.Protocol;

namespace P2PClinic.Sync.Sessions;

/// <summary>
/// One link to one peer for one org, from hello to the end of the link (docs/protocol.md, "Sync protocol"):
/// hello, SPAKE2 with key confirmation both ways, then sealed y-protocols sync (step 1 and 2 both ways, live updates,
/// awareness). A link is never reused: a reconnect is a new session that authenticates again.
/// </summary>
internal sealed partial class SyncSession
{
    private readonly IPeerLink _link;
    private readonly ISessionOwner _owner;
    private readonly ILogger _logger;
    /// <summary>The largest update sent in one message (docs/protocol.md); a quarter of the bound when that is smaller.</summary>
    internal const int MaxUpdatePieceBytes = 1024 * 1024;

    private readonly Channel<Outgoing> _outbox = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly uint _awarenessClientId = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private long _awarenessClock;
    private long _queuedBytes;
    private long _queuedCount;
    private long _bytesIn;
    private long _bytesOut;
    private byte[]? _peerStateVector;
    private bool _sentStep2;
    private bool _receivedStep2;
    private int _resyncRequested;

    public SyncSession(IPeerLink link, ISessionOwner owner, ILogger logger)
    {
        _link = link;
        _owner = owner;
        _logger = logger;
        LastSeen = owner.Time.GetUtcNow();
    }

    public string PeerId => _link.RemotePeerId;

    /// <summary>How the link travels, as the transport says it (empty when it cannot).</summary>
    public string Path => _link.PathDescription;

    public SessionState State { get; private set; } = SessionState.Authenticating;

    /// <summary>Why the session is in its state, for people (empty when nothing to say).</summary>
    public string Detail { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public DateTimeOffset LastSeen { get; private set; }

    public DateTimeOffset? LastSync { get; private set; }

    public long BytesIn => Interlocked.Read(ref _bytesIn);

    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Messages queued for the peer and not yet handed to the link.</summary>
    public long PendingUpdates => Interlocked.Read(ref _queuedCount);

    /// <summary>Runs the session until the link ends or <paramref name="cancellationToken"/> fires; never throws for the peer's faults.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        FrameSealer? sender = null;
        FrameSealer? receiver = null;
        var attached = false;
        try
        {
            var keys = await HandshakeAsync(cancellationToken).ConfigureAwait(false);
            if (keys is null)
            {
                return;
            }

            sender = new FrameSealer(keys.Send);
            receiver = new FrameSealer(keys.Receive);
            if (!_owner.TryAttach(this))
            {
                // Sealed from here on: the peer authenticated, so it may learn why.
                await SendRawAsync(sender.Seal(FrameKind.Close, HandshakeFrames.WithReason(FrameKind.Close, RefuseCode.TryLater, "this member has as many links as it takes")[1..]), cancellationToken).ConfigureAwait(false);
                SetState(SessionState.Disconnected, "the mesh is full");
                return;
            }

            attached = true;
            SetState(SessionState.Syncing, "");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var writing = WriteLoopAsync(sender, stop.Token);
            var presence = PresenceLoopAsync(stop.Token);
            Enqueue(SyncProtocol.EncodeSyncStep1(_owner.Document.Read(d => d.EncodeStateVector())));
            EnqueuePresence();
            try
            {
                await ReadLoopAsync(receiver, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                _outbox.Writer.TryComplete();
                await Task.WhenAll(Swallow(writing), Swallow(presence)).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SetState(SessionState.Disconnected, "this node left the room");
        }
        catch (PeerLinkClosedException e)
        {
            // A peer that refused closes at once: its refusal may still wait behind our failed send. Say why, if it said.
            if (State == SessionState.Authenticating && await FindRefusalAsync().ConfigureAwait(false) is { } refusal)
            {
                SetState(refusal.Code == RefuseCode.Incompatible ? SessionState.Incompatible : SessionState.Disconnected, "the peer refused: " + refusal.Reason);
            }
            else
            {
                SetState(SessionState.Disconnected, "the link ended: " + e.Closure);
            }
        }
        catch (PeerRefusedException e)
        {
            SyncLog.PeerRefused(_logger, _owner.OrgId, PeerId, e.Code, e.Reason);
            SetState(e.Code == RefuseCode.Incompatible ? SessionState.Incompatible : SessionState.Disconnected, "the peer refused: " + e.Reason);
        }
        catch (SyncProtocolException e)
        {
            // Tampered, replayed, reordered or truncated frames, oversize messages, wrong kinds: close, log, carry on.
            SyncLog.ProtocolViolation(_logger, _owner.OrgId, PeerId, e.Message);
            SetState(SessionState.Disconnected, "protocol error: " + e.Message);
        }
        catch (CrdtFormatException e)
        {
            SyncLog.ProtocolViolation(_logger, _owner.OrgId, PeerId, "malformed update: " + e.Message);
            SetState(SessionState.Disconnected, "the peer sent a malformed update");
        }
        catch (Spake2Exception e)
        {
            SyncLog.ProtocolViolation(_logger, _owner.OrgId, PeerId, "bad SPAKE2 share: " + e.Message);
            SetState(SessionState.Disconnected, "the peer sent an invalid handshake");
        }
        catch (OrgDocumentClosedException)
        {
            SetState(SessionState.Disconnected, "the org was left on this node");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure of this node (the disk) ends this link, never the room or the node.
            SyncLog.SessionFailed(_logger, _owner.OrgId, PeerId, e);
            SetState(SessionState.Disconnected, "this node failed: " + e.Message);
        }
        finally
        {
            if (attached)
            {
                _owner.Detach(this);
            }

            sender?.Dispose();
            receiver?.Dispose();
            await _link.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Reads what the ended link still holds (it hands out buffered messages, then throws) for a refusal.</summary>
    private async Task<PeerRefusedException?> FindRefusalAsync()
    {
        try
        {
            for (var i = 0; i < 8; i++)
            {
                var frame = await _link.ReceiveAsync(CancellationToken.None).ConfigureAwait(false);
                if (!frame.IsEmpty && frame.Span[0] == (byte)FrameKind.Refuse && frame.Length <= HandshakeFrames.MaxClearFrame)
                {
                    return HandshakeFrames.ReadRefusal(frame.Span);
                }
            }
        }
        catch (Exception e) when (e is PeerLinkClosedException or SyncProtocolException)
        {
        }

        return null;
    }

    /// <summary>Queues a live update for the peer (called by the room for every change not from this peer).</summary>
    public void EnqueueUpdate(ReadOnlyMemory<byte> update)
    {
        if (Interlocked.Read(ref _queuedBytes) + update.Length > _owner.Options.MaxQueuedBytes)
        {
            // The peer is far behind: rather than hold every update, send it what it lacks by state vector once the
            // queue drains (a superset, which costs nothing to apply twice).
            Interlocked.Exchange(ref _resyncRequested, 1);
            return;
        }

        EnqueueUpdateInPieces(update.ToArray(), lastAsStep2: false);
    }

    /// <summary>
    /// Queues an update as messages the peer's reassembly bound takes: one above <see cref="MaxUpdatePieceBytes"/> goes as several
    /// updates cut between structs (<see cref="YUpdate.Split"/>), each valid alone, so an org of any size syncs. For a
    /// SyncStep2 the pieces but the last go as Updates and the last as the SyncStep2, so "synced" still means all of it.
    /// </summary>
    /// <remarks>
    /// Pieces of 1 MiB also let the peer apply (and store) one piece while the next is on the wire, where one big
    /// message would make it wait for the last byte before it applies anything.
    /// </remarks>
    private void EnqueueUpdateInPieces(byte[] update, bool lastAsStep2)
    {
        var pieceBytes = Math.Min(MaxUpdatePieceBytes, _owner.Options.MaxMessageBytes / 4);
        var pieces = update.Length > pieceBytes ? YUpdate.Split(update, pieceBytes) : [update];
        if (lastAsStep2)
        {
            SyncLog.SendingStep2(_logger, _owner.OrgId, PeerId, update.Length, pieces.Count);
        }

        for (var i = 0; i < pieces.Count; i++)
        {
            Enqueue(lastAsStep2 && i == pieces.Count - 1 ? SyncProtocol.EncodeSyncStep2(pieces[i]) : SyncProtocol.EncodeUpdate(pieces[i]));
        }
    }

    private void Enqueue(byte[] message)
    {
        Interlocked.Add(ref _queuedBytes, message.Length);
        Interlocked.Increment(ref _queuedCount);
        if (!_outbox.Writer.TryWrite(new Outgoing(message)))
        {
            Interlocked.Add(ref _queuedBytes, -message.Length);
            Interlocked.Decrement(ref _queuedCount);
        }
    }

    private async Task<SessionKeys?> HandshakeAsync(CancellationToken cancellationToken)
    {
        var ours = Hello.Ours;
        await SendRawAsync(ours.Encode(), cancellationToken).ConfigureAwait(false);
        var theirs = Hello.Decode((await ReceiveClearAsync(cancellationToken).ConfigureAwait(false)).Span);
        var version = Hello.Negotiate(ours, theirs);
        if (version is null)
        {
            var reason = $"this node speaks sync protocol {ours.MinVersion}-{ours.MaxVersion}, the peer {theirs.MinVersion}-{theirs.MaxVersion}";
            await SendRawAsync(HandshakeFrames.Refuse(RefuseCode.Incompatible, reason), cancellationToken).ConfigureAwait(false);
            SetState(SessionState.Incompatible, reason);
            return null;
        }

        if (!_owner.Throttle.TryEnter(out var retryAfter))
        {
            await SendRawAsync(HandshakeFrames.Refuse(RefuseCode.TryLater, $"too many failed handshakes; retry in {Math.Ceiling(retryAfter.TotalSeconds)} s"), cancellationToken).ConfigureAwait(false);
            SetState(SessionState.Disconnected, "handshakes are paused after failed ones");
            return null;
        }

        var context = new HandshakeContext(_owner.LocalPeerId, PeerId, _link.ChannelBinding.LocalFingerprint, _link.ChannelBinding.RemoteFingerprint, _owner.OrgId, version.Value);
        var spake = Spake2.Start(context.IsA ? Spake2Role.A : Spake2Role.B, Spake2.DeriveW(_owner.Keys.AuthKey), context.IdentityA, context.IdentityB, context.AdditionalData);
        await SendRawAsync(HandshakeFrames.Share(spake.Message.Span), cancellationToken).ConfigureAwait(false);
        var share = HandshakeFrames.Expect((await ReceiveClearAsync(cancellationToken).ConfigureAwait(false)).Span, FrameKind.Spake2Share, HandshakeFrames.ShareLength);
        var result = spake.Finish(share);
        await SendRawAsync(HandshakeFrames.Confirm(result.OwnConfirmation), cancellationToken).ConfigureAwait(false);
        var confirmation = HandshakeFrames.Expect((await ReceiveClearAsync(cancellationToken).ConfigureAwait(false)).Span, FrameKind.Confirm, HandshakeFrames.ConfirmLength);
        if (!result.IsPeerConfirmation(confirmation))
        {
            _owner.Throttle.Failed();
            SyncLog.AuthenticationFailed(_logger, _owner.OrgId, PeerId, _owner.Throttle.ConsecutiveFailures);
            SetState(SessionState.WrongPassword, "the peer does not know this org's password (or a man in the middle relays the link)");
            return null;
        }

        _owner.Throttle.Succeeded();
        SyncLog.Authenticated(_logger, _owner.OrgId, PeerId, version.Value);
        return SessionKeys.Derive(result.SharedKey, result.TranscriptHash, _owner.Keys.EncryptionKey, context.IsA);
    }

    private async Task<ReadOnlyMemory<byte>> ReceiveClearAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_owner.Options.HandshakeTimeout, _owner.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ReadOnlyMemory<byte> frame;
        try
        {
            frame = await _link.ReceiveAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SyncProtocolException($"no handshake frame within {_owner.Options.HandshakeTimeout.TotalSeconds} s");
        }

        Interlocked.Add(ref _bytesIn, frame.Length);
        if (frame.Length > HandshakeFrames.MaxClearFrame)
        {
            throw new SyncProtocolException($"a {frame.Length}-byte frame before authentication (at most {HandshakeFrames.MaxClearFrame})");
        }

        return frame;
    }

    private async Task ReadLoopAsync(FrameSealer receiver, CancellationToken cancellationToken)
    {
        var reassembler = new MessageReassembler(_owner.Options.MaxMessageBytes);
        while (true)
        {
            var frame = await _link.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytesIn, frame.Length);
            var (kind, plaintext) = receiver.Open(frame.Span);
            LastSeen = _owner.Time.GetUtcNow();
            switch (kind)
            {
                case FrameKind.MessagePart or FrameKind.MessageFinal:
                    if (reassembler.Add(kind, plaintext) is { } message)
                    {
                        await HandleMessageAsync(message, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case FrameKind.Close:
                    var refusal = HandshakeFrames.ReadRefusal([(byte)FrameKind.Refuse, .. plaintext]);
                    SetState(SessionState.Disconnected, "the peer closed the link: " + refusal.Reason);
                    return;
                default:
                    throw new SyncProtocolException($"unknown sealed frame kind 0x{(byte)kind:x2}");
            }
        }
    }

    private async Task HandleMessageAsync(byte[] message, CancellationToken cancellationToken)
    {
        if (message.Length == 0)
        {
            throw new SyncProtocolException("an empty message");
        }

        switch (message[0])
        {
            case SyncProtocol.MessageType:
                var sync = SyncProtocol.Decode(message);
                switch (sync.Type)
                {
                    case SyncMessageType.SyncStep1:
                        _peerStateVector = sync.Payload;
                        EnqueueUpdateInPieces(_owner.Document.Read(d => d.EncodeStateAsUpdate(sync.Payload)), lastAsStep2: true);
                        _sentStep2 = true;
                        break;
                    case SyncMessageType.SyncStep2:
                        await _owner.ApplyFromAsync(this, sync.Payload, cancellationToken).ConfigureAwait(false);
                        _receivedStep2 = true;
                        break;
                    default:
                        await _owner.ApplyFromAsync(this, sync.Payload, cancellationToken).ConfigureAwait(false);
                        break;
                }

                if (_sentStep2 && _receivedStep2)
                {
                    LastSync = _owner.Time.GetUtcNow();
                    SetState(SessionState.Synced, "");
                }

                break;
            case AwarenessProtocol.MessageType:
                foreach (var entry in AwarenessProtocol.DecodeMessage(message))
                {
                    DisplayName = PresenceState.ReadName(entry.StateJson) ?? DisplayName;
                }

                _owner.OnSessionChanged(this);
                break;
            default:
                // y-protocols peers ignore message types they do not know (y-websocket does): later versions may add some.
                break;
        }
    }

    private async Task WriteLoopAsync(FrameSealer sender, CancellationToken cancellationToken)
    {
        var maxPiece = _link.MaxMessageSize - FrameSealer.Overhead;
        await foreach (var outgoing in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var (kind, piece) in MessageReassembler.Split(outgoing.Message, maxPiece))
            {
                await SendRawAsync(sender.Seal(kind, piece.Span), cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Add(ref _queuedBytes, -outgoing.Message.Length);
            Interlocked.Decrement(ref _queuedCount);
            if (Interlocked.Read(ref _queuedCount) == 0 && Interlocked.Exchange(ref _resyncRequested, 0) == 1 && _peerStateVector is { } vector)
            {
                // Updates were dropped while the queue was full: send everything the peer lacked at the session's start.
                EnqueueUpdateInPieces(_owner.Document.Read(d => d.EncodeStateAsUpdate(vector)), lastAsStep2: false);
            }

            _owner.OnSessionChanged(this);
        }
    }

    private async Task PresenceLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_owner.Options.PresenceInterval, _owner.Time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            EnqueuePresence();
        }
    }

    private void EnqueuePresence()
    {
        var clock = Interlocked.Increment(ref _awarenessClock);
        Enqueue(AwarenessProtocol.EncodeMessage([new AwarenessEntry(_awarenessClientId, clock, PresenceState.Write(_owner.Options.DisplayName))]));
    }

    private async ValueTask SendRawAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _link.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytesOut, frame.Length);
    }

    private void SetState(SessionState state, string detail)
    {
        State = state;
        Detail = detail;
        _owner.OnSessionChanged(this);
    }

    private static async Task Swallow(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or PeerLinkClosedException or ChannelClosedException)
        {
        }
    }

    private readonly record struct Outgoing(byte[] Message);
}

/// <summary>Where a session stands, as the status shows it.</summary>
internal enum SessionState
{
    Authenticating,
    Syncing,
    Synced,
    WrongPassword,
    Incompatible,
    Disconnected,
}
