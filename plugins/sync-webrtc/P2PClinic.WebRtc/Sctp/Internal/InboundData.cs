using System.Buffers;

namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>A complete user message ready for the reader.</summary>
internal readonly record struct InboundMessage(ushort StreamId, uint Ppid, byte[] Payload);

/// <summary>What became of a received DATA chunk.</summary>
internal enum DataChunkOutcome
{
    Accepted,
    Duplicate,
    Dropped,
    MessageTooLarge,
}

/// <summary>
/// The receiving half of an association: TSN bookkeeping for SACKs (RFC 9260 sections 6.2, 3.3.4),
/// reassembly of fragmented messages (section 6.9) and in-order delivery per stream (section 6.6).
/// Every byte held here counts against the advertised receive window until the reader consumed it.
/// </summary>
internal sealed class InboundData(uint peerInitialTsn, int bufferSize, int maxMessageSize)
{
    /// <summary>How far ahead of the cumulative TSN we accept chunks; a conforming peer stays within its window.</summary>
    private const uint MaxTsnAhead = 1u << 20;

    /// <summary>Caps the out-of-order bookkeeping so a hostile peer cannot make it grow without bound.</summary>
    private const int MaxOutOfOrder = 16_384;

    private const int MaxGapBlocksReported = 64;
    private const int MaxDuplicatesReported = 16;

    private readonly SortedSet<uint> _outOfOrder = new(TsnComparer.Instance);
    private readonly Dictionary<uint, Fragment> _fragments = [];
    private readonly List<uint> _pendingEnds = [];
    private readonly List<uint> _duplicates = [];
    private readonly Dictionary<ushort, InboundStream> _streams = [];

    public uint CumulativeTsn { get; private set; } = peerInitialTsn - 1;

    public uint HighestTsn { get; private set; } = peerInitialTsn - 1;

    /// <summary>Bytes received and not yet consumed by the reader.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>The most bytes ever held at once (tests check the window is respected).</summary>
    public long PeakHeldBytes { get; private set; }

    public bool HasGaps => _outOfOrder.Count > 0;

    public bool HasDuplicates => _duplicates.Count > 0;

    public uint ARwnd => (uint)Math.Max(0, bufferSize - HeldBytes);

    public DataChunkOutcome Receive(byte flags, uint tsn, ushort streamId, ushort ssn, uint ppid, ReadOnlySpan<byte> payload, List<InboundMessage> completed)
    {
        if (SerialNumber.LessOrEqual(tsn, CumulativeTsn) || _outOfOrder.Contains(tsn))
        {
            if (_duplicates.Count < MaxDuplicatesReported)
            {
                _duplicates.Add(tsn);
            }

            return DataChunkOutcome.Duplicate;
        }

        if (tsn - CumulativeTsn > MaxTsnAhead)
        {
            return DataChunkOutcome.Dropped;
        }

        // RFC 9260 section 6.2: with no room, drop chunks beyond the highest TSN received so far;
        // chunks that fill holes are still taken, else a full buffer of fragments could never complete.
        var fillsHole = SerialNumber.Less(tsn, HighestTsn);
        if (!fillsHole && (HeldBytes >= bufferSize || _outOfOrder.Count >= MaxOutOfOrder))
        {
            return DataChunkOutcome.Dropped;
        }

        if (tsn == CumulativeTsn + 1)
        {
            CumulativeTsn = tsn;
            while (_outOfOrder.Count > 0 && _outOfOrder.Min == CumulativeTsn + 1)
            {
                CumulativeTsn++;
                _outOfOrder.Remove(CumulativeTsn);
            }
        }
        else
        {
            _outOfOrder.Add(tsn);
        }

        if (SerialNumber.Greater(tsn, HighestTsn))
        {
            HighestTsn = tsn;
        }

        HeldBytes += payload.Length;
        PeakHeldBytes = Math.Max(PeakHeldBytes, HeldBytes);
        const byte whole = SctpConstants.DataFlagBeginning | SctpConstants.DataFlagEnding;
        if ((flags & whole) == whole)
        {
            if (payload.Length > maxMessageSize)
            {
                return DataChunkOutcome.MessageTooLarge;
            }

            Complete(flags, streamId, ssn, ppid, payload.ToArray(), completed);
            return DataChunkOutcome.Accepted;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(buffer);
        _fragments[tsn] = new Fragment(flags, streamId, ssn, ppid, buffer, payload.Length);

        if ((flags & SctpConstants.DataFlagEnding) != 0)
        {
            if (!TryReassemble(tsn, completed, out var tooLarge))
            {
                if (tooLarge)
                {
                    return DataChunkOutcome.MessageTooLarge;
                }

                _pendingEnds.Add(tsn);
            }
        }

        // A fragment may fill the last hole of a message whose end arrived earlier.
        for (var i = _pendingEnds.Count - 1; i >= 0; i--)
        {
            var end = _pendingEnds[i];
            if (SerialNumber.Greater(end, tsn))
            {
                if (TryReassemble(end, completed, out var tooLarge))
                {
                    _pendingEnds.RemoveAt(i);
                }
                else if (tooLarge)
                {
                    return DataChunkOutcome.MessageTooLarge;
                }
            }
        }

        return DataChunkOutcome.Accepted;
    }

    /// <summary>The reader consumed a delivered message: its bytes leave the window.</summary>
    public void Release(int bytes) => HeldBytes -= bytes;

    /// <summary>RFC 6525 section 5.2.2: the peer reset its outgoing stream, so our expected SSN starts at 0 again.</summary>
    public void ResetStream(ushort streamId)
    {
        if (_streams.Remove(streamId, out var stream))
        {
            foreach (var waiting in stream.Waiting.Values)
            {
                HeldBytes -= waiting.Payload.Length;
            }
        }
    }

    /// <summary>Size of the SACK value we would write now.</summary>
    public int SackValueLength => 12 + (4 * Math.Min(CountGapBlocks(), MaxGapBlocksReported)) + (4 * _duplicates.Count);

    /// <summary>Writes the SACK chunk (RFC 9260 section 3.3.4) and forgets the reported duplicates.</summary>
    public void WriteSack(SctpPacketWriter writer)
    {
        var gaps = Math.Min(CountGapBlocks(), MaxGapBlocksReported);
        writer.BeginChunk(SctpChunkType.Sack, 0);
        writer.WriteUInt32(CumulativeTsn);
        writer.WriteUInt32(ARwnd);
        writer.WriteUInt16((ushort)gaps);
        writer.WriteUInt16((ushort)_duplicates.Count);
        var written = 0;
        uint start = 0, previous = 0;
        var open = false;
        foreach (var tsn in _outOfOrder)
        {
            if (written == gaps)
            {
                break;
            }

            if (open && tsn == previous + 1)
            {
                previous = tsn;
                continue;
            }

            if (open)
            {
                WriteGap(writer, start, previous);
                written++;
                if (written == gaps)
                {
                    open = false;
                    break;
                }
            }

            start = previous = tsn;
            open = true;
        }

        if (open && written < gaps)
        {
            WriteGap(writer, start, previous);
        }

        foreach (var dup in _duplicates)
        {
            writer.WriteUInt32(dup);
        }

        _duplicates.Clear();
        writer.EndChunk();
    }

    private void WriteGap(SctpPacketWriter writer, uint start, uint end)
    {
        writer.WriteUInt16((ushort)(start - CumulativeTsn));
        writer.WriteUInt16((ushort)(end - CumulativeTsn));
    }

    private int CountGapBlocks()
    {
        var count = 0;
        uint previous = 0;
        var first = true;
        foreach (var tsn in _outOfOrder)
        {
            if (first || tsn != previous + 1)
            {
                count++;
                if (count > MaxGapBlocksReported)
                {
                    break;
                }
            }

            previous = tsn;
            first = false;
        }

        return count;
    }

    private bool TryReassemble(uint endTsn, List<InboundMessage> completed, out bool tooLarge)
    {
        tooLarge = false;
        if (!_fragments.TryGetValue(endTsn, out var end))
        {
            return false;
        }

        var unordered = (end.Flags & SctpConstants.DataFlagUnordered) != 0;
        var tsn = endTsn;
        long total = 0;
        while (true)
        {
            if (!_fragments.TryGetValue(tsn, out var fragment)
                || fragment.StreamId != end.StreamId
                || ((fragment.Flags & SctpConstants.DataFlagUnordered) != 0) != unordered
                || (!unordered && fragment.Ssn != end.Ssn)
                || (tsn != endTsn && (fragment.Flags & SctpConstants.DataFlagEnding) != 0))
            {
                return false;
            }

            total += fragment.Length;
            if (total > maxMessageSize)
            {
                tooLarge = true;
                return false;
            }

            if ((fragment.Flags & SctpConstants.DataFlagBeginning) != 0)
            {
                break;
            }

            tsn--;
        }

        var message = new byte[total];
        var offset = 0;
        for (var t = tsn; ; t++)
        {
            _fragments.Remove(t, out var fragment);
            fragment.Buffer.AsSpan(0, fragment.Length).CopyTo(message.AsSpan(offset));
            offset += fragment.Length;
            ArrayPool<byte>.Shared.Return(fragment.Buffer);
            if (t == endTsn)
            {
                break;
            }
        }

        Complete(end.Flags, end.StreamId, end.Ssn, end.Ppid, message, completed);
        return true;
    }

    private void Complete(byte flags, ushort streamId, ushort ssn, uint ppid, byte[] payload, List<InboundMessage> completed)
    {
        var message = new InboundMessage(streamId, ppid, payload);
        if ((flags & SctpConstants.DataFlagUnordered) != 0)
        {
            completed.Add(message);
            return;
        }

        if (!_streams.TryGetValue(streamId, out var stream))
        {
            stream = new InboundStream();
            _streams[streamId] = stream;
        }

        if (ssn != stream.NextSsn)
        {
            // An SSN behind the expected one, or one already waiting, cannot come from a conforming peer.
            if (SerialNumber.Less(ssn, stream.NextSsn) || !stream.Waiting.TryAdd(ssn, message))
            {
                HeldBytes -= payload.Length;
            }

            return;
        }

        completed.Add(message);
        stream.NextSsn++;
        while (stream.Waiting.Remove(stream.NextSsn, out var next))
        {
            completed.Add(next);
            stream.NextSsn++;
        }
    }

    /// <summary>Releases pooled fragment buffers when the association ends.</summary>
    public void Clear()
    {
        foreach (var fragment in _fragments.Values)
        {
            ArrayPool<byte>.Shared.Return(fragment.Buffer);
        }

        _fragments.Clear();
        _pendingEnds.Clear();
        _streams.Clear();
        _outOfOrder.Clear();
    }

    private readonly record struct Fragment(byte Flags, ushort StreamId, ushort Ssn, uint Ppid, byte[] Buffer, int Length);

    private sealed class InboundStream
    {
        public ushort NextSsn;
        public readonly Dictionary<ushort, InboundMessage> Waiting = [];
    }
}
