using System.Buffers.Binary;
using P2PClinic.WebRtc.Sctp.Internal;

namespace P2PClinic.WebRtc.Sctp;

/// <summary>The receiving half: DATA chunks, SACK generation with delayed acknowledgement (RFC 9260 section 6.2), heartbeats.</summary>
internal sealed partial class SctpAssociation
{
    private readonly AssociationTimer _sackTimer;
    private InboundData? _inbound;
    private bool _sackNow;
    private int _packetsSinceSack;
    private uint _lastAdvertisedRwnd;

    /// <summary>True while the packet being processed is followed by more that already wait (see <see cref="ReceivePacket(ReadOnlySpan{byte}, bool)"/>).</summary>
    private bool _morePending;

    /// <summary>A SACK is due and waits for the end of the burst being read.</summary>
    private bool _sackPendingBurst;

    /// <summary>A DATA chunk was dropped for want of room: RFC 9260 section 6.2 wants a SACK at once.</summary>
    private bool _sackForDrop;

    /// <summary>
    /// The most packets of a burst we acknowledge with one SACK. RFC 9260 section 6.2 asks for one per two packets;
    /// within a burst read back to back we answer the whole burst at its end, but no later than this.
    /// </summary>
    private const int MaxPacketsPerSack = 16;

    /// <summary>Returns true when the chunk was a DATA chunk we took into account (for the SACK rules).</summary>
    private bool HandleData(byte flags, ReadOnlySpan<byte> value)
    {
        if (_inbound is null || _state is not (SctpAssociationState.Established or SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownSent))
        {
            return false;
        }

        // RFC 9260 section 6.2: a DATA chunk without user data is a protocol error; we drop it.
        if (value.Length <= SctpConstants.DataChunkHeaderLength - SctpConstants.ChunkHeaderLength)
        {
            return false;
        }

        var tsn = BinaryPrimitives.ReadUInt32BigEndian(value);
        var streamId = BinaryPrimitives.ReadUInt16BigEndian(value[4..]);
        var ssn = BinaryPrimitives.ReadUInt16BigEndian(value[6..]);
        var ppid = BinaryPrimitives.ReadUInt32BigEndian(value[8..]);
        var outcome = _inbound.Receive(flags, tsn, streamId, ssn, ppid, value[12..], _completed);
        switch (outcome)
        {
            case DataChunkOutcome.Duplicate:
                _sackNow = true;
                break;
            case DataChunkOutcome.Dropped:
                // RFC 9260 section 6.2: a chunk dropped for want of room is answered at once with a SACK that shows
                // only what was accepted, so the sender learns of the closed window without waiting for T3-rtx.
                _sackForDrop = true;
                break;
            case DataChunkOutcome.MessageTooLarge:
                Abort($"the peer sent a message larger than our max-message-size of {_options.MaxReceiveMessageSize} bytes");
                return false;
        }

        if ((flags & SctpConstants.DataFlagImmediate) != 0)
        {
            // RFC 7053: the sender asks for an immediate SACK.
            _sackNow = true;
        }

        return true;
    }

    private void WriteSackLocked(SctpPacketWriter packet)
    {
        _inbound!.WriteSack(packet);
        _lastAdvertisedRwnd = _inbound.ARwnd;
        _sackNow = false;
        _sackPendingBurst = false;
        _sackForDrop = false;
        _packetsSinceSack = 0;
        _sackTimer.Stop();
    }

    private void OnDelayedSackExpired()
    {
        if (_inbound is null || _state == SctpAssociationState.Terminated)
        {
            return;
        }

        _sackNow = true;
        TransmitLocked();
    }

    private void HandleHeartbeat(ReadOnlySpan<byte> value)
    {
        // RFC 9260 section 8.3: echo the Heartbeat Info parameter unchanged.
        if (_peerTag == 0 || value.Length > _options.MaxPacketSize - SctpConstants.CommonHeaderLength - SctpConstants.ChunkHeaderLength)
        {
            return;
        }

        var packet = NewPacket(_peerTag);
        packet.BeginChunk(SctpChunkType.HeartbeatAck, 0);
        packet.WriteBytes(value);
        packet.EndChunk();
        EnqueuePacketLocked(packet);
    }

    private void HandleAbort(ReadOnlySpan<byte> value)
    {
        var reason = "the peer aborted the association";
        if (value.Length >= 4 && BinaryPrimitives.ReadUInt16BigEndian(value) == SctpConstants.CauseUserInitiatedAbort)
        {
            int length = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
            if (length >= 4 && length <= value.Length)
            {
                reason += ": " + System.Text.Encoding.UTF8.GetString(value[4..length]);
            }
        }

        TerminateLocked(reason);
    }
}
