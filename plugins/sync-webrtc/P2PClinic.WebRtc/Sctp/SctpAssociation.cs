using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Sctp;

/// <summary>
/// An SCTP association (RFC 9260) as WebRTC data channels use it over DTLS (RFC 8261): one path,
/// no multi-homing, reliable streams with ordered or unordered delivery and stream reset (RFC 6525).
/// It runs over any datagram link: <c>sendPacket</c> carries our packets, <see cref="ReceivePacket(ReadOnlySpan{byte}, bool)"/>
/// takes the peer's. Packets leave through one send loop, in order; received messages and events
/// reach the subscribers through one delivery loop, in order, never under the association's lock.
/// </summary>
internal sealed partial class SctpAssociation : IAsyncDisposable
{
    /// <summary>Largest stream count; data channels want as many as possible (RFC 8831 section 6.2).</summary>
    private const ushort StreamCount = 65_535;

    [ThreadStatic]
    private static SctpAssociation? t_delivering;

    private readonly Lock _gate = new();
    private readonly SctpAssociationOptions _options;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> _sendPacket;
    private readonly TimeProvider _time;
    private readonly Channel<(byte[] Buffer, int Length)> _outbox;
    private readonly Channel<AssociationEvent> _events;
    private readonly Task _sendLoop;
    private readonly Task _deliveryLoop;
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<InboundMessage> _completed = [];
    private string? _closeReason;

    /// <summary>Packets queued for the send loop and not yet handed to the link (see <see cref="PacketsPending"/>).</summary>
    private int _packetsPending;

    public SctpAssociation(SctpAssociationOptions options, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sendPacket, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sendPacket);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _sendPacket = sendPacket;
        _time = timeProvider;
        _localTag = RandomNonZero();
        _localInitialTsn = RandomNonZero();
        _nextTsn = _localInitialTsn;
        _peerCumulativeAck = _localInitialTsn - 1;
        _nextReconfigSeq = _localInitialTsn;
        _rto = new RetransmissionTimeout(options.RtoInitial, options.RtoMin, options.RtoMax);
        _cwnd = InitialCwnd;
        _t1 = new AssociationTimer(timeProvider, _gate, OnT1Expired);
        _t2 = new AssociationTimer(timeProvider, _gate, OnT2Expired);
        _t3 = new AssociationTimer(timeProvider, _gate, OnT3Expired);
        _sackTimer = new AssociationTimer(timeProvider, _gate, OnDelayedSackExpired);
        _reconfigTimer = new AssociationTimer(timeProvider, _gate, OnReconfigTimerExpired);
        _outbox = Channel.CreateUnbounded<(byte[], int)>(new UnboundedChannelOptions { SingleReader = true });
        _events = Channel.CreateUnbounded<AssociationEvent>(new UnboundedChannelOptions { SingleReader = true });
        _sendLoop = Task.Run(RunSendLoopAsync);
        _deliveryLoop = Task.Run(RunDeliveryLoopAsync);
    }

    /// <summary>The association ended; the argument says why (shutdown, abort, retransmission limit, ...). Raised once.</summary>
    public event Action<string>? Closed;

    /// <summary>The association reached ESTABLISHED. Raised once, before any message.</summary>
    public event Action? Established;

    /// <summary>A complete message arrived. The handler owns the payload; its bytes stay in the receive window until it returns.</summary>
    public event Action<SctpMessage>? MessageReceived;

    /// <summary>The peer reset its outgoing stream (RFC 6525 section 5.2.2): it will send nothing more on it.</summary>
    public event Action<ushort>? IncomingStreamReset;

    /// <summary>Our reset of an outgoing stream completed: the peer has everything we sent on it.</summary>
    public event Action<ushort>? OutgoingStreamReset;

    public SctpAssociationState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public SctpAssociationOptions Options => _options;

    /// <summary>Why the association closed, once it has.</summary>
    public string? CloseReason
    {
        get
        {
            lock (_gate)
            {
                return _closeReason;
            }
        }
    }

    /// <summary>Completes when the association has ended for any reason.</summary>
    public Task Completion => _closed.Task;

    /// <summary>
    /// Packets made but not yet handed to the link: a test on a fake clock waits for zero on both sides of a link that
    /// delivers synchronously before it moves the clock, so that timers never race with packets in flight.
    /// </summary>
    internal int PacketsPending => Volatile.Read(ref _packetsPending);

    /// <summary>
    /// Called by the lower layer for each datagram (a DTLS application-data record). Never throws:
    /// malformed packets, bad checksums, wrong ports or verification tags are dropped (RFC 9260 section 8.5).
    /// </summary>
    public void ReceivePacket(ReadOnlySpan<byte> packet) => ReceivePacket(packet, morePending: false);

    /// <summary>
    /// As <see cref="ReceivePacket(ReadOnlySpan{byte})"/>; <paramref name="morePending"/> says that more packets
    /// from the peer are already waiting to be processed (a burst), so the acknowledgement of this one may ride
    /// with theirs: a burst read back to back is answered with one SACK after it instead of one per two packets.
    /// </summary>
    public void ReceivePacket(ReadOnlySpan<byte> packet, bool morePending)
    {
        var valid = SctpPacketReader.TryRead(packet, out var reader)
            && reader.SourcePort == _options.RemotePort
            && reader.DestinationPort == _options.LocalPort;
        lock (_gate)
        {
            if (valid && _state == SctpAssociationState.Terminated)
            {
                AnswerAfterTerminationLocked(ref reader);
                return;
            }

            if (valid)
            {
                _morePending = morePending;
                try
                {
                    ProcessPacketLocked(ref reader);
                }
                catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or InvalidOperationException)
                {
                    // A chunk that passed the layout checks yet is inconsistent inside: drop what is left of the packet.
                }
            }

            // The burst ended (with this packet, whatever it held, even one we dropped): its SACK leaves now.
            if (!morePending && _sackPendingBurst && _state != SctpAssociationState.Terminated)
            {
                _sackNow = true;
                TransmitLocked();
            }
        }
    }

    /// <summary>Starts the handshake (both peers call it; a simultaneous INIT is resolved as in RFC 9260 section 5.2.1) and completes once ESTABLISHED.</summary>
    public async Task ConnectAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case SctpAssociationState.Closed:
                    _state = SctpAssociationState.CookieWait;
                    _t1Retransmissions = 0;
                    _t1Timeout = _options.RtoInitial;
                    SendInitLocked();
                    _t1.Start(_t1Timeout);
                    break;
                case SctpAssociationState.Terminated:
                    throw new SctpAssociationClosedException(_closeReason ?? "closed");
            }
        }

        await _established.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Graceful close (RFC 9260 section 9.2): sends what is queued, then SHUTDOWN; completes when the association has ended.</summary>
    public async Task ShutdownAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            switch (_state)
            {
                case SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed:
                    TerminateLocked("shutdown before the association was established");
                    break;
                case SctpAssociationState.Established:
                    _state = SctpAssociationState.ShutdownPending;
                    TransmitLocked();
                    break;
            }
        }

        await _closed.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Ends the association at once, telling the peer with an ABORT chunk (RFC 9260 section 9.1).</summary>
    public void Abort(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        lock (_gate)
        {
            if (_state == SctpAssociationState.Terminated)
            {
                return;
            }

            if (_peerTag != 0)
            {
                var packet = NewPacket(_peerTag);
                var text = System.Text.Encoding.UTF8.GetBytes(reason.Length > 200 ? reason[..200] : reason);
                packet.BeginChunk(SctpChunkType.Abort, 0);
                packet.WriteUInt16(SctpConstants.CauseUserInitiatedAbort);
                packet.WriteUInt16((ushort)(4 + text.Length));
                packet.WriteBytes(text);
                packet.EndChunk();
                EnqueuePacketLocked(packet);
            }

            TerminateLocked($"aborted: {reason}");
        }
    }

    /// <summary>
    /// Queues a message on a stream. Completes once queued; waits first while more than
    /// <see cref="SctpAssociationOptions.SendBufferSize"/> bytes wait to be sent (backpressure).
    /// Messages queued before ESTABLISHED leave when the association is up.
    /// </summary>
    public async ValueTask SendAsync(ushort streamId, uint ppid, bool unordered, ReadOnlyMemory<byte> payload, CancellationToken ct)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("SCTP cannot carry an empty message; data channels send one byte with PPID 56 or 57 (RFC 8831 section 6.6).", nameof(payload));
        }

        if (payload.Length > _options.MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"The message of {payload.Length} bytes exceeds the max-message-size of {_options.MaxMessageSize} bytes (the smaller of ours and the peer's, RFC 8841 section 6).");
        }

        if (streamId == StreamCount)
        {
            throw new ArgumentOutOfRangeException(nameof(streamId), streamId, "Stream 65535 is reserved (RFC 8832 section 6).");
        }

        ct.ThrowIfCancellationRequested();
        Task wait;
        lock (_gate)
        {
            if (_state is not (SctpAssociationState.Closed or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed or SctpAssociationState.Established))
            {
                throw new SctpAssociationClosedException(_closeReason ?? "shutting down");
            }

            if (_state == SctpAssociationState.Established && streamId >= _peer.InboundStreams)
            {
                throw new ArgumentOutOfRangeException(nameof(streamId), streamId, $"The peer accepts only {_peer.InboundStreams} streams.");
            }

            EnqueueMessageLocked(new OutboundMessage(streamId, ppid, unordered, payload.ToArray()));
            TransmitLocked();
            if (_queuedBytes <= _options.SendBufferSize)
            {
                return;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wait = _drained.Task;
        }

        await wait.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Bytes queued on a stream that have not been handed to the network yet (the W3C bufferedAmount).</summary>
    public long GetBufferedAmount(ushort streamId)
    {
        lock (_gate)
        {
            return _bufferedPerStream.GetValueOrDefault(streamId);
        }
    }

    /// <summary>Bytes queued on all streams that have not been handed to the network yet.</summary>
    public long BufferedAmount
    {
        get
        {
            lock (_gate)
            {
                return _queuedBytes;
            }
        }
    }

    /// <summary>Bytes received and not yet consumed by the reader (they shrink the advertised window).</summary>
    internal long ReceiveBufferedAmount
    {
        get
        {
            lock (_gate)
            {
                return _inbound?.HeldBytes ?? 0;
            }
        }
    }

    /// <summary>Runs <paramref name="callback"/> on the delivery loop, in order with messages and events; false once closed.</summary>
    public bool Post(Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _events.Writer.TryWrite(new AssociationEvent(AssociationEventKind.Callback, 0, 0, null, null, callback));
    }

    /// <summary>True once established with a peer that announced RE-CONFIG (RFC 6525) support.</summary>
    public bool PeerSupportsStreamReset
    {
        get
        {
            lock (_gate)
            {
                return _peer.SupportsReConfig;
            }
        }
    }

    /// <summary>The most received bytes ever waiting for the reader at once.</summary>
    internal long PeakReceiveBufferedAmount
    {
        get
        {
            lock (_gate)
            {
                return _inbound?.PeakHeldBytes ?? 0;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Abort("association disposed");
        _outbox.Writer.TryComplete();
        await _sendLoop.ConfigureAwait(false);
        if (t_delivering != this)
        {
            await _deliveryLoop.ConfigureAwait(false);
        }

        lock (_gate)
        {
            _t1.Dispose();
            _t2.Dispose();
            _t3.Dispose();
            _sackTimer.Dispose();
            _reconfigTimer.Dispose();
        }

    }

    private void ProcessPacketLocked(ref SctpPacketReader reader)
    {
        // RFC 9260 section 8.5.1: an INIT travels alone with tag 0.
        if (reader.FirstChunkType == SctpChunkType.Init)
        {
            if (reader.ChunkCount == 1 && reader.VerificationTag == 0 && reader.MoveNext())
            {
                HandleInit(reader.Current.Value);
            }

            return;
        }

        var tagIsOurs = reader.VerificationTag == _localTag;
        var sawData = false;
        while (reader.MoveNext())
        {
            var chunk = reader.Current;
            var reflected = (chunk.Flags & SctpConstants.FlagTagReflected) != 0;
            switch (chunk.Type)
            {
                case SctpChunkType.Abort:
                    if (reflected ? _peerTag != 0 && reader.VerificationTag == _peerTag : tagIsOurs)
                    {
                        HandleAbort(chunk.Value);
                    }

                    return;
                case SctpChunkType.ShutdownComplete:
                    if (reflected ? _peerTag != 0 && reader.VerificationTag == _peerTag : tagIsOurs)
                    {
                        HandleShutdownComplete();
                    }

                    return;
            }

            if (!tagIsOurs)
            {
                return;
            }

            switch (chunk.Type)
            {
                case SctpChunkType.Data:
                    sawData |= HandleData(chunk.Flags, chunk.Value);
                    break;
                case SctpChunkType.Sack:
                    HandleSack(chunk.Value);
                    break;
                case SctpChunkType.InitAck:
                    HandleInitAck(chunk.Value);
                    break;
                case SctpChunkType.CookieEcho:
                    HandleCookieEcho(chunk.Value);
                    break;
                case SctpChunkType.CookieAck:
                    HandleCookieAck();
                    break;
                case SctpChunkType.Heartbeat:
                    HandleHeartbeat(chunk.Value);
                    break;
                case SctpChunkType.Shutdown:
                    HandleShutdown(chunk.Value);
                    break;
                case SctpChunkType.ShutdownAck:
                    HandleShutdownAck();
                    break;
                case SctpChunkType.Error:
                    HandleError(chunk.Value);
                    break;
                case SctpChunkType.ReConfig:
                    HandleReConfig(chunk.Value);
                    break;
                case SctpChunkType.HeartbeatAck or SctpChunkType.ForwardTsn or SctpChunkType.Init:
                    break;
                default:
                    // RFC 9260 section 3.2: the two high bits of an unknown type say whether to skip it (1x) or stop (0x).
                    if (((byte)chunk.Type & 0x80) == 0)
                    {
                        FinishPacketLocked(sawData);
                        return;
                    }

                    break;
            }

            if (_state == SctpAssociationState.Terminated)
            {
                return;
            }
        }

        FinishPacketLocked(sawData);
    }

    private void FinishPacketLocked(bool sawData)
    {
        if (sawData)
        {
            // RFC 9260 section 6.2: acknowledge at least every second packet, at once when there are gaps
            // or duplicates, else within the delayed-SACK time (sections 6.2 and 6.7). "At once" is read as
            // "before we wait for anything": while more of the peer's packets already wait to be processed
            // (a burst read back to back), their acknowledgement is one SACK after the last of them, sent
            // microseconds later with the newest cumulative TSN and gaps. One SACK per two packets of a burst
            // would answer it with a burst of our own that a peer busy sending cannot take off its socket
            // (libwebrtc's 212,992-byte receive buffer dropped up to 45% of them), and a lost SACK at the end
            // of a flight leaves the sender waiting for its retransmission timer. The burst is capped so that
            // a peer that keeps us busy still hears from us every MaxPacketsPerSack packets.
            _packetsSinceSack++;
            if (_packetsSinceSack >= 2 || _inbound!.HasGaps || _inbound.HasDuplicates || _sackForDrop)
            {
                if (_morePending && !_sackForDrop && _packetsSinceSack < MaxPacketsPerSack)
                {
                    // The packets waiting behind this one end the burst; the SACK leaves after the last of them,
                    // and the delayed-SACK timer still bounds the wait should the rest never reach us.
                    _sackPendingBurst = true;
                    if (!_sackTimer.IsRunning)
                    {
                        _sackTimer.Start(_options.DelayedAckTimeout);
                    }
                }
                else
                {
                    _sackNow = true;
                }
            }
            else if (!_sackTimer.IsRunning)
            {
                _sackTimer.Start(_options.DelayedAckTimeout);
            }

            foreach (var message in _completed)
            {
                _events.Writer.TryWrite(AssociationEvent.Message(message));
            }

            _completed.Clear();
            ApplyDeferredResetLocked();
        }

        TransmitLocked();
    }

    private void TerminateLocked(string reason)
    {
        if (_state == SctpAssociationState.Terminated)
        {
            return;
        }

        _state = SctpAssociationState.Terminated;
        _closeReason = reason;
        _t1.Stop();
        _t2.Stop();
        _t3.Stop();
        _sackTimer.Stop();
        _reconfigTimer.Stop();
        _inbound?.Clear();
        _sendQueue.Clear();
        _queuedBytes = 0;
        _bufferedPerStream.Clear();
        var failure = new SctpAssociationClosedException(reason);
        _established.TrySetException(failure);
        _ = _established.Task.Exception; // observed: nobody may be waiting for the handshake
        _drained?.TrySetException(failure);
        _drained = null;
        _events.Writer.TryWrite(AssociationEvent.Closing(reason));
        _events.Writer.TryComplete();

        // The send loop stays until DisposeAsync: a late SHUTDOWN-ACK still deserves its SHUTDOWN-COMPLETE.
    }

    /// <summary>
    /// RFC 9260 section 8.4 item 5: a SHUTDOWN-ACK for an association we already closed (our
    /// SHUTDOWN-COMPLETE was lost) is answered with SHUTDOWN-COMPLETE, T bit set, so the peer closes too.
    /// </summary>
    private void AnswerAfterTerminationLocked(ref SctpPacketReader reader)
    {
        if (reader.VerificationTag != _localTag || reader.FirstChunkType != SctpChunkType.ShutdownAck)
        {
            return;
        }

        var packet = NewPacket(_localTag);
        packet.BeginChunk(SctpChunkType.ShutdownComplete, SctpConstants.FlagTagReflected);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private SctpPacketWriter NewPacket(uint verificationTag)
        => new(_options.MaxPacketSize, _options.LocalPort, _options.RemotePort, verificationTag);

    private void EnqueuePacketLocked(SctpPacketWriter packet)
    {
        var data = packet.Finish();
        Interlocked.Increment(ref _packetsPending);
        if (!_outbox.Writer.TryWrite((packet.Buffer, data.Length)))
        {
            Interlocked.Decrement(ref _packetsPending);
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    private async Task RunSendLoopAsync()
    {
        await foreach (var (buffer, length) in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                // The final packets (ABORT, SHUTDOWN-COMPLETE) must still go out, so sending is never cancelled.
                await _sendPacket(buffer.AsMemory(0, length), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The link lost the packet; SCTP's retransmission is what recovers from loss.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                Interlocked.Decrement(ref _packetsPending);
            }
        }
    }

    private async Task RunDeliveryLoopAsync()
    {
        await foreach (var e in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            t_delivering = this;
            try
            {
                switch (e.Kind)
                {
                    case AssociationEventKind.Established:
                        Established?.Invoke();
                        break;
                    case AssociationEventKind.Message:
                        try
                        {
                            MessageReceived?.Invoke(new SctpMessage(e.StreamId, e.Ppid, e.Payload));
                        }
                        finally
                        {
                            ReleaseDelivered(e.Payload!.Length);
                        }

                        break;
                    case AssociationEventKind.IncomingStreamReset:
                        IncomingStreamReset?.Invoke(e.StreamId);
                        break;
                    case AssociationEventKind.OutgoingStreamReset:
                        OutgoingStreamReset?.Invoke(e.StreamId);
                        break;
                    case AssociationEventKind.Callback:
                        e.Callback!();
                        break;
                    case AssociationEventKind.Closed:
                        _closed.TrySetResult();
                        Closed?.Invoke(e.Reason!);
                        break;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A subscriber's failure must not stop delivery to the others or the association.
            }
            finally
            {
                t_delivering = null;
            }
        }
    }

    private void ReleaseDelivered(int bytes)
    {
        lock (_gate)
        {
            if (_inbound is null || _state == SctpAssociationState.Terminated)
            {
                return;
            }

            _inbound.Release(bytes);

            // RFC 9260 section 6.2: tell a sender that may be held back by our window that it opened again.
            if (_inbound.ARwnd >= _lastAdvertisedRwnd + (uint)Math.Max(_options.MaxPacketSize * 2, _options.ReceiveBufferSize / 8))
            {
                _sackNow = true;
                TransmitLocked();
            }
        }
    }

    private static uint RandomNonZero()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BitConverter.ToUInt32(bytes);
        }
        while (value == 0);
        return value;
    }

    private enum AssociationEventKind
    {
        Established,
        Message,
        IncomingStreamReset,
        OutgoingStreamReset,
        Closed,
        Callback,
    }

    private readonly record struct AssociationEvent(AssociationEventKind Kind, ushort StreamId, uint Ppid, byte[]? Payload, string? Reason, Action? Callback = null)
    {
        public static AssociationEvent Message(InboundMessage m) => new(AssociationEventKind.Message, m.StreamId, m.Ppid, m.Payload, null);

        public static AssociationEvent Closing(string reason) => new(AssociationEventKind.Closed, 0, 0, null, reason);
    }
}
