namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>A user message waiting to be cut into DATA chunks. The payload is our own copy.</summary>
internal sealed class OutboundMessage(ushort streamId, uint ppid, bool unordered, byte[] payload)
{
    public ushort StreamId { get; } = streamId;

    public uint Ppid { get; } = ppid;

    public bool Unordered { get; } = unordered;

    public byte[] Payload { get; } = payload;

    /// <summary>Bytes already given a TSN.</summary>
    public int Offset { get; set; }

    public ushort Ssn { get; set; }

    public int Remaining => Payload.Length - Offset;
}

/// <summary>A DATA chunk that has a TSN and waits for its acknowledgement (RFC 9260 section 6.3).</summary>
internal sealed class SentChunk
{
    public uint Tsn;
    public ushort StreamId;
    public ushort Ssn;
    public uint Ppid;
    public byte Flags;
    public ReadOnlyMemory<byte> Payload;
    public long SentTimestamp;
    public bool Retransmitted;
    public bool GapAcked;
    public bool NeedsRetransmit;
    public bool FastRetransmitted;
    public bool InFlight;
    public int MissIndications;

    public int Size => Payload.Length;

    public void Reset()
    {
        Payload = default;
        Retransmitted = GapAcked = NeedsRetransmit = FastRetransmitted = InFlight = false;
        MissIndications = 0;
    }
}

/// <summary>The outstanding chunks in TSN order: a ring buffer, since acknowledgements remove from the front.</summary>
internal sealed class OutstandingChunks
{
    private SentChunk[] _items = new SentChunk[256];
    private int _head;

    public int Count { get; private set; }

    public SentChunk this[int index] => _items[(_head + index) & (_items.Length - 1)];

    public SentChunk First => _items[_head];

    public void AddLast(SentChunk chunk)
    {
        if (Count == _items.Length)
        {
            var bigger = new SentChunk[_items.Length * 2];
            for (var i = 0; i < Count; i++)
            {
                bigger[i] = this[i];
            }

            _items = bigger;
            _head = 0;
        }

        _items[(_head + Count) & (_items.Length - 1)] = chunk;
        Count++;
    }

    public SentChunk RemoveFirst()
    {
        var chunk = _items[_head];
        _items[_head] = null!;
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return chunk;
    }
}
