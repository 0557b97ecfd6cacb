using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace P2PClinic.WebRtc.Tests.Dtls;

/// <summary>Two connected in-memory datagram endpoints for BouncyCastle's DTLS, with a way to inject hostile datagrams.</summary>
internal sealed class MemoryDatagramLink
{
    public MemoryDatagramLink()
    {
        var toA = new BlockingCollection<byte[]>();
        var toB = new BlockingCollection<byte[]>();
        A = new End(toA, toB);
        B = new End(toB, toA);
    }

    public End A { get; }

    public End B { get; }

    internal sealed class End(BlockingCollection<byte[]> inbox, BlockingCollection<byte[]> peerInbox) : DatagramTransport
    {
        /// <summary>Called with every datagram this end sends, before it is delivered.</summary>
        public Action<byte[]>? Sent { get; set; }

        public void Inject(byte[] datagram) => inbox.Add(datagram);

        public int GetReceiveLimit() => 1500;

        public int GetSendLimit() => 1200;

        public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

        public int Receive(Span<byte> buffer, int waitMillis)
        {
            if (!inbox.TryTake(out var datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis))
            {
                return -1;
            }

            var length = Math.Min(buffer.Length, datagram.Length);
            datagram.AsSpan(0, length).CopyTo(buffer);
            return length;
        }

        public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

        public void Send(ReadOnlySpan<byte> buffer)
        {
            var copy = buffer.ToArray();
            Sent?.Invoke(copy);
            peerInbox.Add(copy);
        }

        public void Close()
        {
        }
    }
}
