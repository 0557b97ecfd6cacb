using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Sctp;

/// <summary>
/// Stream reset with RE-CONFIG (RFC 6525), which closes data channels (RFC 8831 section 6.7): we send
/// Outgoing SSN Reset Requests once a stream's queued data has TSNs, and answer the peer's.
/// </summary>
internal sealed partial class SctpAssociation
{
    private readonly HashSet<ushort> _streamsToReset = [];
    private readonly AssociationTimer _reconfigTimer;
    private uint _nextReconfigSeq;
    private uint _peerNextReconfigSeq;
    private PendingReset? _resetInFlight;
    private PendingReset? _deferredIncoming;
    private uint _lastResponseSeq;
    private uint _lastResponseResult;

    /// <summary>Asks to reset our outgoing stream once everything queued on it was sent; <see cref="OutgoingStreamReset"/> follows.</summary>
    public void ResetStream(ushort streamId)
    {
        lock (_gate)
        {
            if (_state == SctpAssociationState.Terminated)
            {
                return;
            }

            _streamsToReset.Add(streamId);
            TransmitLocked();
        }
    }

    private void SendStreamResetIfReadyLocked()
    {
        if (_state != SctpAssociationState.Established || _resetInFlight is not null || _streamsToReset.Count == 0)
        {
            return;
        }

        // Section 5.1.2: a stream is reset after all its queued data got TSNs.
        var ready = _streamsToReset.Where(s => !_bufferedPerStream.ContainsKey(s)).Take(32).ToArray();
        if (ready.Length == 0)
        {
            return;
        }

        foreach (var stream in ready)
        {
            _streamsToReset.Remove(stream);
        }

        if (!_peer.SupportsReConfig)
        {
            // The peer cannot reset streams; the channel closes on our side only.
            foreach (var stream in ready)
            {
                _events.Writer.TryWrite(new AssociationEvent(AssociationEventKind.OutgoingStreamReset, stream, 0, null, null));
            }

            return;
        }

        _resetInFlight = new PendingReset(_nextReconfigSeq++, _nextTsn - 1, ready);
        SendResetRequestLocked(_resetInFlight);
        _reconfigTimer.Start(_rto.Current);
    }

    private void SendResetRequestLocked(PendingReset request)
    {
        var packet = NewPacket(_peerTag);
        packet.BeginChunk(SctpChunkType.ReConfig, 0);
        packet.WriteUInt16(SctpConstants.ParamOutgoingSsnResetRequest);
        packet.WriteUInt16((ushort)(16 + (2 * request.Streams.Length)));
        packet.WriteUInt32(request.Seq);
        packet.WriteUInt32(_peerNextReconfigSeq - 1);
        packet.WriteUInt32(request.LastTsn);
        foreach (var stream in request.Streams)
        {
            packet.WriteUInt16(stream);
        }

        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void OnReconfigTimerExpired()
    {
        if (_resetInFlight is null || _state != SctpAssociationState.Established)
        {
            return;
        }

        SendResetRequestLocked(_resetInFlight);
        _reconfigTimer.Start(_rto.Current);
    }

    private void HandleReConfig(ReadOnlySpan<byte> value)
    {
        if (_inbound is null || _state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending))
        {
            return;
        }

        while (value.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(value);
            int length = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
            if (length < 4 || length > value.Length)
            {
                return;
            }

            var body = value[4..length];
            switch (type)
            {
                case SctpConstants.ParamOutgoingSsnResetRequest when body.Length >= 12:
                    HandleOutgoingResetRequest(body);
                    break;
                case SctpConstants.ParamIncomingSsnResetRequest when body.Length >= 4:
                    // We never ask the peer to reset its streams this way; decline politely (section 5.2.3).
                    var seq = BinaryPrimitives.ReadUInt32BigEndian(body);
                    if (seq == _peerNextReconfigSeq)
                    {
                        _peerNextReconfigSeq++;
                        RememberAndSendResponse(seq, SctpConstants.ReconfigDenied);
                    }

                    break;
                case SctpConstants.ParamReconfigResponse when body.Length >= 8:
                    HandleReconfigResponse(BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
                    break;
            }

            var padded = (length + 3) & ~3;
            value = value[Math.Min(padded, value.Length)..];
        }
    }

    private void HandleOutgoingResetRequest(ReadOnlySpan<byte> body)
    {
        var seq = BinaryPrimitives.ReadUInt32BigEndian(body);
        var lastTsn = BinaryPrimitives.ReadUInt32BigEndian(body[8..]);
        var streams = new ushort[(body.Length - 12) / 2];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = BinaryPrimitives.ReadUInt16BigEndian(body[(12 + (2 * i))..]);
        }

        if (seq == _peerNextReconfigSeq - 1 && _lastResponseSeq == seq)
        {
            // A retransmitted request: our response was lost (section 5.2.1).
            SendResponseLocked(_lastResponseSeq, _lastResponseResult);
            return;
        }

        if (seq != _peerNextReconfigSeq)
        {
            SendResponseLocked(seq, SctpConstants.ReconfigErrorBadSequenceNumber);
            return;
        }

        // Section 5.2.2: data up to the sender's last TSN must arrive before the reset takes effect.
        _deferredIncoming = new PendingReset(seq, lastTsn, streams);
        if (!ApplyDeferredResetLocked())
        {
            SendResponseLocked(seq, SctpConstants.ReconfigInProgress);
        }
    }

    /// <summary>Performs a deferred incoming reset once everything up to its last TSN has arrived.</summary>
    private bool ApplyDeferredResetLocked()
    {
        if (_deferredIncoming is not { } request || _inbound is null || SerialNumber.Less(_inbound.CumulativeTsn, request.LastTsn))
        {
            return false;
        }

        _deferredIncoming = null;
        foreach (var stream in request.Streams)
        {
            _inbound.ResetStream(stream);
            _events.Writer.TryWrite(new AssociationEvent(AssociationEventKind.IncomingStreamReset, stream, 0, null, null));
        }

        _peerNextReconfigSeq++;
        RememberAndSendResponse(request.Seq, SctpConstants.ReconfigSuccessPerformed);
        return true;
    }

    private void RememberAndSendResponse(uint seq, uint result)
    {
        _lastResponseSeq = seq;
        _lastResponseResult = result;
        SendResponseLocked(seq, result);
    }

    private void SendResponseLocked(uint seq, uint result)
    {
        var packet = NewPacket(_peerTag);
        packet.BeginChunk(SctpChunkType.ReConfig, 0);
        packet.WriteUInt16(SctpConstants.ParamReconfigResponse);
        packet.WriteUInt16(12);
        packet.WriteUInt32(seq);
        packet.WriteUInt32(result);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void HandleReconfigResponse(uint seq, uint result)
    {
        if (_resetInFlight is not { } request || request.Seq != seq)
        {
            return;
        }

        if (result == SctpConstants.ReconfigInProgress)
        {
            // The peer still waits for data; our timer asks again.
            return;
        }

        // Performed, nothing to do, or denied: either way the request is settled. A denial leaves the
        // peer's side open, but our side of the channel is closed and says so.
        _reconfigTimer.Stop();
        _resetInFlight = null;
        foreach (var stream in request.Streams)
        {
            // RFC 6525 section 5.1.2: after a successful reset the stream's SSN starts at 0 again.
            _nextSsn.Remove(stream);
            _events.Writer.TryWrite(new AssociationEvent(AssociationEventKind.OutgoingStreamReset, stream, 0, null, null));
        }

        SendStreamResetIfReadyLocked();
    }

    private sealed record PendingReset(uint Seq, uint LastTsn, ushort[] Streams);
}
