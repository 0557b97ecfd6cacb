using P2PClinic.WebRtc.Sctp;

namespace P2PClinic.WebRtc.Tests.Sctp;

/// <summary>
/// One direction of an in-memory datagram link between two associations: it copies each packet and
/// may lose, duplicate, reorder (hold one back until the next) or delay it, seeded for repeatability.
/// Packets above the MTU are counted as a failure of the sender, not delivered.
/// </summary>
public sealed class DatagramLink(LinkConditions conditions, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Random _random = new(conditions.Seed);
    private readonly List<byte[]> _held = [];
    private byte[]? _reordered;
    private bool _holding;

    internal SctpAssociation? Target { get; set; }

    public LinkConditions Conditions { get; set; } = conditions;

    /// <summary>Sees every packet offered to the link (before loss), e.g. to count chunk types.</summary>
    public Action<byte[]>? Tap { get; set; }

    /// <summary>Returns false to drop a packet on purpose.</summary>
    public Func<byte[], bool>? Filter { get; set; }

    public int Oversized { get; private set; }

    public int Offered { get; private set; }

    /// <summary>Stops delivery and keeps packets until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_gate)
        {
            _holding = true;
        }
    }

    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Kept packets that carry DATA (a sender may put a pending SACK in a packet of its own before them).</summary>
    public int HeldDataPackets
    {
        get
        {
            lock (_gate)
            {
                return _held.Count(p => PacketInspector.Contains(p, P2PClinic.WebRtc.Sctp.Internal.SctpChunkType.Data));
            }
        }
    }

    /// <summary>
    /// Resumes delivery and hands over the kept packets in order. As a <paramref name="burst"/>, each but the last
    /// is delivered saying more are waiting, as a receiver reading a full socket sees them. With
    /// <paramref name="keepHolding"/>, packets sent from now on are kept again.
    /// </summary>
    public void Release(bool burst = false, bool keepHolding = false)
    {
        byte[][] held;
        lock (_gate)
        {
            _holding = keepHolding;
            held = [.. _held];
            _held.Clear();
        }

        for (var i = 0; i < held.Length; i++)
        {
            Target?.ReceivePacket(held[i], morePending: burst && i < held.Length - 1);
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, CancellationToken ct)
    {
        var copy = packet.ToArray();
        Tap?.Invoke(copy);
        var conditions = Conditions;
        List<byte[]> deliver = [];
        lock (_gate)
        {
            Offered++;
            if (copy.Length > conditions.Mtu)
            {
                Oversized++;
                return ValueTask.CompletedTask;
            }

            if (_holding)
            {
                _held.Add(copy);
                return ValueTask.CompletedTask;
            }

            if (Filter is { } filter && !filter(copy))
            {
                return ValueTask.CompletedTask;
            }

            if (_random.NextDouble() < conditions.Loss)
            {
                return ValueTask.CompletedTask;
            }

            var duplicate = _random.NextDouble() < conditions.Duplication;
            if (_reordered is null && _random.NextDouble() < conditions.Reordering)
            {
                _reordered = copy;
            }
            else
            {
                deliver.Add(copy);
                if (_reordered is not null)
                {
                    deliver.Add(_reordered);
                    _reordered = null;
                }
            }

            if (duplicate)
            {
                deliver.Add(copy);
            }
        }

        foreach (var p in deliver)
        {
            if (conditions.Delay > TimeSpan.Zero)
            {
                _ = DeliverLaterAsync(p, conditions.Delay);
            }
            else
            {
                Deliver(p);
            }
        }

        return ValueTask.CompletedTask;
    }

    private async Task DeliverLaterAsync(byte[] packet, TimeSpan delay)
    {
        await Task.Delay(delay, time).ConfigureAwait(false);
        Deliver(packet);
    }

    private void Deliver(byte[] packet) => Target?.ReceivePacket(packet);
}
