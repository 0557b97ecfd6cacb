using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Sctp;

/// <summary>Graceful close: SHUTDOWN, SHUTDOWN-ACK, SHUTDOWN-COMPLETE (RFC 9260 section 9.2).</summary>
internal sealed partial class SctpAssociation
{
    private readonly AssociationTimer _t2;
    private int _shutdownRetransmissions;

    private bool NothingOutstanding => _sendQueue.Count == 0 && _outstanding.Count == 0;

    private void ProgressShutdownLocked()
    {
        if (_state == SctpAssociationState.ShutdownPending && NothingOutstanding)
        {
            _state = SctpAssociationState.ShutdownSent;
            _shutdownRetransmissions = 0;
            SendShutdownLocked();
            _t2.Start(_rto.Current);
        }
        else if (_state == SctpAssociationState.ShutdownReceived && NothingOutstanding)
        {
            _state = SctpAssociationState.ShutdownAckSent;
            _shutdownRetransmissions = 0;
            SendShutdownAckLocked();
            _t2.Start(_rto.Current);
        }
    }

    private void SendShutdownLocked()
    {
        var packet = NewPacket(_peerTag);
        packet.BeginChunk(SctpChunkType.Shutdown, 0);
        packet.WriteUInt32(_inbound!.CumulativeTsn);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void SendShutdownAckLocked()
    {
        var packet = NewPacket(_peerTag);
        packet.BeginChunk(SctpChunkType.ShutdownAck, 0);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void HandleShutdown(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
        {
            return;
        }

        switch (_state)
        {
            case SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived:
                // Section 9.2: the cumulative TSN ack in SHUTDOWN acknowledges like a SACK without gaps.
                ProcessAcknowledgement(BinaryPrimitives.ReadUInt32BigEndian(value), (uint)Math.Max(0, _peerRwnd + _flightSize), default);
                _state = SctpAssociationState.ShutdownReceived;
                ProgressShutdownLocked();
                break;
            case SctpAssociationState.ShutdownAckSent:
                // Our SHUTDOWN-ACK was lost: the peer repeats its SHUTDOWN.
                SendShutdownAckLocked();
                break;
            case SctpAssociationState.ShutdownSent:
                // Both sides shut down at once: answer with SHUTDOWN-ACK (section 9.2).
                _state = SctpAssociationState.ShutdownAckSent;
                _shutdownRetransmissions = 0;
                SendShutdownAckLocked();
                _t2.Start(_rto.Current);
                break;
        }
    }

    private void HandleShutdownAck()
    {
        if (_state is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            var packet = NewPacket(_peerTag);
            packet.BeginChunk(SctpChunkType.ShutdownComplete, 0);
            packet.EndChunk();
            EnqueuePacketLocked(packet);
            TerminateLocked("shutdown");
        }
    }

    private void HandleShutdownComplete()
    {
        if (_state == SctpAssociationState.ShutdownAckSent)
        {
            TerminateLocked("shutdown");
        }
    }

    private void OnT2Expired()
    {
        if (_state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        if (++_shutdownRetransmissions > _options.MaxRetransmissions)
        {
            TerminateLocked("shutdown timed out: the peer stopped answering");
            return;
        }

        _rto.BackOff();
        if (_state == SctpAssociationState.ShutdownSent)
        {
            SendShutdownLocked();
        }
        else
        {
            SendShutdownAckLocked();
        }

        _t2.Start(_rto.Current);
    }
}
