using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Sctp;

/// <summary>
/// The sending half: fragmentation (RFC 9260 section 6.9), bundling up to the packet size (section 6.10),
/// SACK processing, retransmission with RTO back-off (section 6.3), fast retransmit and congestion
/// control (section 7.2), and the peer's receive window (section 6.1).
/// </summary>
internal sealed partial class SctpAssociation
{
    private readonly Queue<OutboundMessage> _sendQueue = new();
    private readonly Dictionary<ushort, long> _bufferedPerStream = [];
    private readonly Dictionary<ushort, ushort> _nextSsn = [];
    private readonly OutstandingChunks _outstanding = new();
    private readonly Stack<SentChunk> _chunkPool = new();
    private readonly RetransmissionTimeout _rto;
    private readonly AssociationTimer _t3;
    private long _queuedBytes;
    private TaskCompletionSource? _drained;
    private uint _nextTsn;
    private uint _peerCumulativeAck;
    private int _flightSize;
    private long _peerRwnd;
    private int _cwnd;
    private int _ssthresh = int.MaxValue;
    private int _partialBytesAcked;
    private bool _fastRecovery;
    private uint _fastRecoveryExit;
    private bool _retransmitPending;

    /// <summary>
    /// Set when a fast retransmit was decided: its first packet leaves whatever cwnd says (RFC 9260 section 7.2.4
    /// step 4: "the sender SHOULD ignore the value of cwnd and SHOULD NOT delay retransmission for this packet").
    /// </summary>
    private bool _fastRetransmitDue;
    private int _errorCount;
    private uint _lastPeerARwnd;
    private bool _sackSinceT3;

    private int MaxDataPayload => _options.MaxPacketSize - SctpConstants.CommonHeaderLength - SctpConstants.DataChunkHeaderLength;

    /// <summary>RFC 9260 section 7.2.1: initial cwnd = min(4 MTU, max(2 MTU, 4404)).</summary>
    private int InitialCwnd => Math.Min(4 * _options.MaxPacketSize, Math.Max(2 * _options.MaxPacketSize, 4404));

    private void EnqueueMessageLocked(OutboundMessage message)
    {
        _sendQueue.Enqueue(message);
        _queuedBytes += message.Payload.Length;
        _bufferedPerStream[message.StreamId] = _bufferedPerStream.GetValueOrDefault(message.StreamId) + message.Payload.Length;
    }

    /// <summary>Sends what may be sent now: a due SACK, retransmissions, new data within cwnd and the peer's window.</summary>
    private void TransmitLocked()
    {
        var canSack = _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
            or SctpAssociationState.ShutdownReceived or SctpAssociationState.ShutdownSent;
        if (!canSack)
        {
            return;
        }

        // A pending delayed SACK rides along with outgoing DATA for free (RFC 9260 section 6.2).
        if (!_sackNow && (_sackTimer.IsRunning || _sackPendingBurst) && (_sendQueue.Count > 0 || _retransmitPending))
        {
            _sackNow = true;
        }

        SctpPacketWriter? packet = null;
        if (_sackNow)
        {
            packet = NewPacket(_peerTag);
            WriteSackLocked(packet);
        }

        var now = _time.GetTimestamp();

        // RFC 9260 section 6.1 rule D: Max.Burst limits the packets sent at one go, so that a SACK that opens
        // a large window (or a burst of SACKs read at once) never turns into a burst the peer's socket cannot take.
        var packetsLeft = _options.MaxBurst;
        if (_retransmitPending)
        {
            _retransmitPending = false;
            var fastRetransmitBytes = _fastRetransmitDue ? MaxDataPayload : 0;
            _fastRetransmitDue = false;
            for (var i = 0; i < _outstanding.Count; i++)
            {
                var chunk = _outstanding[i];
                if (!chunk.NeedsRetransmit)
                {
                    continue;
                }

                var ignoresCwnd = chunk.FastRetransmitted && chunk.Size <= fastRetransmitBytes;
                if (!ignoresCwnd && _flightSize > 0 && _flightSize >= _cwnd)
                {
                    _retransmitPending = true;
                    break;
                }

                if (ignoresCwnd)
                {
                    fastRetransmitBytes -= chunk.Size;
                }

                chunk.NeedsRetransmit = false;
                chunk.InFlight = true;
                chunk.Retransmitted = true;
                chunk.SentTimestamp = now;
                _flightSize += chunk.Size;
                AppendData(ref packet, chunk);
            }
        }

        var canSendData = _state is SctpAssociationState.Established or SctpAssociationState.ShutdownPending
            or SctpAssociationState.ShutdownReceived;
        while (canSendData && !_retransmitPending && _sendQueue.Count > 0)
        {
            var message = _sendQueue.Peek();
            var size = Math.Min(message.Remaining, MaxDataPayload);
            if (StartsNewPacket(packet, size) && --packetsLeft < 0)
            {
                // The next SACK (or send) carries on; with nothing in flight the limit still lets packets go.
                break;
            }

            // Section 7.2.1 (cwnd) and 6.1 rule A (window); with nothing in flight one chunk may always
            // go, which is also the zero-window probe.
            if (_flightSize > 0 && (_flightSize >= _cwnd || size > _peerRwnd))
            {
                break;
            }

            var chunk = _chunkPool.Count > 0 ? _chunkPool.Pop() : new SentChunk();
            chunk.Tsn = _nextTsn++;
            chunk.StreamId = message.StreamId;
            chunk.Ppid = message.Ppid;
            byte flags = 0;
            if (message.Offset == 0)
            {
                flags |= SctpConstants.DataFlagBeginning;
                if (!message.Unordered)
                {
                    var ssn = _nextSsn.GetValueOrDefault(message.StreamId);
                    message.Ssn = ssn;
                    _nextSsn[message.StreamId] = (ushort)(ssn + 1);
                }
            }

            if (message.Offset + size == message.Payload.Length)
            {
                flags |= SctpConstants.DataFlagEnding;
            }

            if (message.Unordered)
            {
                flags |= SctpConstants.DataFlagUnordered;
            }

            chunk.Flags = flags;
            chunk.Ssn = message.Unordered ? (ushort)0 : message.Ssn;
            chunk.Payload = message.Payload.AsMemory(message.Offset, size);
            chunk.SentTimestamp = now;
            chunk.InFlight = true;
            message.Offset += size;
            _queuedBytes -= size;
            var buffered = _bufferedPerStream[message.StreamId] - size;
            if (buffered == 0)
            {
                _bufferedPerStream.Remove(message.StreamId);
            }
            else
            {
                _bufferedPerStream[message.StreamId] = buffered;
            }

            if (message.Remaining == 0)
            {
                _sendQueue.Dequeue();
            }

            _outstanding.AddLast(chunk);
            _flightSize += size;
            _peerRwnd -= size;
            AppendData(ref packet, chunk);
        }

        if (packet is not null)
        {
            EnqueuePacketLocked(packet);
        }

        if (_outstanding.Count > 0 && !_t3.IsRunning)
        {
            _t3.Start(_rto.Current);
        }

        if (_drained is not null && _queuedBytes <= _options.SendBufferSize)
        {
            _drained.TrySetResult();
            _drained = null;
        }

        SendStreamResetIfReadyLocked();
        ProgressShutdownLocked();
    }

    /// <summary>True when a DATA chunk of <paramref name="size"/> bytes does not fit in <paramref name="packet"/> and opens a new one.</summary>
    private static bool StartsNewPacket([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] SctpPacketWriter? packet, int size)
        => packet is null || packet.Remaining < SctpPacketWriter.ChunkSize(SctpConstants.DataChunkHeaderLength - SctpConstants.ChunkHeaderLength + size);

    private void AppendData(ref SctpPacketWriter? packet, SentChunk chunk)
    {
        if (StartsNewPacket(packet, chunk.Size))
        {
            if (packet is not null)
            {
                EnqueuePacketLocked(packet);
            }

            packet = NewPacket(_peerTag);
        }

        packet.BeginChunk(SctpChunkType.Data, chunk.Flags);
        packet.WriteUInt32(chunk.Tsn);
        packet.WriteUInt16(chunk.StreamId);
        packet.WriteUInt16(chunk.Ssn);
        packet.WriteUInt32(chunk.Ppid);
        packet.WriteBytes(chunk.Payload.Span);
        packet.EndChunk();
    }

    private void HandleSack(ReadOnlySpan<byte> value)
    {
        if (value.Length < 12 || _state < SctpAssociationState.Established)
        {
            return;
        }

        var cumulative = BinaryPrimitives.ReadUInt32BigEndian(value);
        var rwnd = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        int gapCount = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int dupCount = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length < 12 + (4 * (gapCount + dupCount)))
        {
            return;
        }

        ProcessAcknowledgement(cumulative, rwnd, value.Slice(12, 4 * gapCount));
    }

    /// <summary>RFC 9260 section 6.2.1: SACK processing, shared by SACK and the cumulative ack in SHUTDOWN.</summary>
    private void ProcessAcknowledgement(uint cumulative, uint rwnd, ReadOnlySpan<byte> gapBlocks)
    {
        // Ignore stale SACKs, and SACKs for TSNs never sent (a confused or hostile peer).
        if (SerialNumber.Less(cumulative, _peerCumulativeAck) || !SerialNumber.Less(cumulative, _nextTsn))
        {
            return;
        }

        var now = _time.GetTimestamp();
        var flightBefore = _flightSize;
        var cumulativeAdvanced = SerialNumber.Greater(cumulative, _peerCumulativeAck);
        var bytesAcked = 0;
        long rttSampleSent = 0;
        while (_outstanding.Count > 0 && SerialNumber.LessOrEqual(_outstanding.First.Tsn, cumulative))
        {
            var chunk = _outstanding.RemoveFirst();
            if (chunk.InFlight)
            {
                _flightSize -= chunk.Size;
            }

            if (!chunk.GapAcked)
            {
                bytesAcked += chunk.Size;
            }

            // Karn's rule (section 6.3.1 C5): only chunks sent once give an RTT sample.
            rttSampleSent = chunk.Retransmitted ? 0 : chunk.SentTimestamp;
            ReturnChunk(chunk);
        }

        if (rttSampleSent != 0)
        {
            _rto.Measure(_time.GetElapsedTime(rttSampleSent, now));
        }

        _peerCumulativeAck = cumulative;
        if (_fastRecovery && !SerialNumber.Less(cumulative, _fastRecoveryExit))
        {
            _fastRecovery = false;
        }

        var highestNewlyAcked = cumulative;
        if (!gapBlocks.IsEmpty)
        {
            var index = 0;
            for (var g = 0; g + 4 <= gapBlocks.Length; g += 4)
            {
                var start = cumulative + BinaryPrimitives.ReadUInt16BigEndian(gapBlocks[g..]);
                var end = cumulative + BinaryPrimitives.ReadUInt16BigEndian(gapBlocks[(g + 2)..]);
                if (SerialNumber.Greater(start, end) || start == cumulative)
                {
                    continue;
                }

                while (index < _outstanding.Count && SerialNumber.Less(_outstanding[index].Tsn, start))
                {
                    index++;
                }

                while (index < _outstanding.Count && SerialNumber.LessOrEqual(_outstanding[index].Tsn, end))
                {
                    var chunk = _outstanding[index++];
                    if (chunk.GapAcked)
                    {
                        continue;
                    }

                    chunk.GapAcked = true;
                    chunk.NeedsRetransmit = false;
                    if (chunk.InFlight)
                    {
                        chunk.InFlight = false;
                        _flightSize -= chunk.Size;
                    }

                    bytesAcked += chunk.Size;
                    if (SerialNumber.Greater(chunk.Tsn, highestNewlyAcked))
                    {
                        highestNewlyAcked = chunk.Tsn;
                    }
                }
            }

            // Section 7.2.4: count a miss for each chunk below the highest TSN newly acknowledged (HTNA);
            // the third miss triggers one fast retransmission.
            var fastRetransmit = false;
            for (var i = 0; i < _outstanding.Count; i++)
            {
                var chunk = _outstanding[i];
                if (!SerialNumber.Less(chunk.Tsn, highestNewlyAcked))
                {
                    break;
                }

                if (chunk.GapAcked || chunk.FastRetransmitted || !chunk.InFlight)
                {
                    continue;
                }

                if (++chunk.MissIndications >= 3)
                {
                    chunk.FastRetransmitted = true;
                    chunk.NeedsRetransmit = true;
                    chunk.InFlight = false;
                    _flightSize -= chunk.Size;
                    _retransmitPending = true;
                    fastRetransmit = true;
                }
            }

            if (fastRetransmit && !_fastRecovery)
            {
                _ssthresh = Math.Max(_cwnd / 2, 4 * _options.MaxPacketSize);
                _cwnd = _ssthresh;
                _partialBytesAcked = 0;
                _fastRecovery = true;
                _fastRecoveryExit = _nextTsn - 1;
            }

            _fastRetransmitDue |= fastRetransmit;
        }

        if (cumulativeAdvanced)
        {
            _errorCount = 0;
            if (!_fastRecovery)
            {
                GrowCongestionWindow(bytesAcked, flightBefore);
            }
        }

        _peerRwnd = (long)rwnd - _flightSize;
        _lastPeerARwnd = rwnd;
        _sackSinceT3 = true;

        // Section 6.3.2 rules R2 and R3.
        if (_outstanding.Count == 0)
        {
            _t3.Stop();
        }
        else if (cumulativeAdvanced)
        {
            _t3.Start(_rto.Current);
        }
    }

    /// <summary>Section 7.2.1 (slow start) and 7.2.2 (congestion avoidance), only while the window is actually used.</summary>
    private void GrowCongestionWindow(int bytesAcked, int flightBefore)
    {
        var mtu = _options.MaxPacketSize;
        if (flightBefore + mtu < _cwnd)
        {
            return;
        }

        if (_cwnd <= _ssthresh)
        {
            _cwnd += Math.Min(bytesAcked, mtu);
            return;
        }

        _partialBytesAcked += bytesAcked;
        if (_partialBytesAcked >= _cwnd)
        {
            _partialBytesAcked -= _cwnd;
            _cwnd += mtu;
        }
    }

    private void OnT3Expired()
    {
        if (_state is SctpAssociationState.Terminated or < SctpAssociationState.Established || _outstanding.Count == 0)
        {
            return;
        }

        // Section 6.1 rule A: a peer that keeps answering with a closed window is slow, not gone;
        // its unanswered zero-window probes do not count towards the error limit.
        var probing = _sackSinceT3 && _lastPeerARwnd < MaxDataPayload;
        _sackSinceT3 = false;

        // Section 8.1: too many consecutive timeouts and the peer is unreachable.
        if (!probing && ++_errorCount > _options.MaxRetransmissions)
        {
            TerminateLocked("retransmission limit reached: the peer stopped acknowledging");
            return;
        }

        // Section 6.3.3 E1-E3 and 7.2.3: back off, collapse cwnd to one packet, resend from the oldest.
        _rto.BackOff();
        _ssthresh = Math.Max(_cwnd / 2, 4 * _options.MaxPacketSize);
        _cwnd = _options.MaxPacketSize;
        _partialBytesAcked = 0;
        _fastRecovery = false;
        for (var i = 0; i < _outstanding.Count; i++)
        {
            var chunk = _outstanding[i];
            if (chunk.GapAcked)
            {
                continue;
            }

            if (chunk.InFlight)
            {
                chunk.InFlight = false;
                _flightSize -= chunk.Size;
            }

            chunk.NeedsRetransmit = true;
            _retransmitPending = true;
        }

        _t3.Start(_rto.Current);
        TransmitLocked();
    }

    private void ReturnChunk(SentChunk chunk)
    {
        chunk.Reset();
        if (_chunkPool.Count < 4096)
        {
            _chunkPool.Push(chunk);
        }
    }

    /// <summary>Bytes of DATA sent and not yet acknowledged or marked lost (RFC 9260 section 6.1 flightsize).</summary>
    internal int FlightSize
    {
        get
        {
            lock (_gate)
            {
                return _flightSize;
            }
        }
    }

    internal TimeSpan CurrentRto
    {
        get
        {
            lock (_gate)
            {
                return _rto.Current;
            }
        }
    }
}
