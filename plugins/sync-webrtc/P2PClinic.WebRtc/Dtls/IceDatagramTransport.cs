using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;
using P2PClinic.WebRtc.Ice;

namespace P2PClinic.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's blocking datagram interface over the ICE agent's socket: DTLS records the agent demultiplexed
/// (RFC 7983) are queued here until the DTLS layer asks for them.
/// </summary>
internal sealed class IceDatagramTransport : DatagramTransport, IDisposable
{
    /// <summary>
    /// RFC 8261 section 5: keep DTLS records within the path MTU. The IPv6 minimum MTU (1280) minus the IPv6 (40)
    /// and UDP (8) headers works on every path.
    /// </summary>
    public const int SendLimit = 1232;

    /// <summary>
    /// WebRTC stacks send datagrams below an Ethernet MTU; BouncyCastle allocates a buffer of this size per
    /// received record, so it stays small. A larger datagram is truncated and then fails authentication.
    /// </summary>
    private const int ReceiveLimitBytes = 4096;
    private const int MaxQueued = 8192;

    private readonly IceAgent agent;
    private readonly BlockingCollection<byte[]> incoming = new(new ConcurrentQueue<byte[]>(), MaxQueued);
    private volatile bool closed;
    private int disposed;

    public IceDatagramTransport(IceAgent agent)
    {
        this.agent = agent;
        agent.DataReceived = Enqueue;
    }

    /// <summary>Datagrams dropped because the DTLS layer did not keep up (like a full socket buffer).</summary>
    public long Dropped { get; private set; }

    /// <summary>True while received datagrams wait for the DTLS layer (the receiver is working through a burst).</summary>
    public bool HasPending => incoming.Count > 0;

    /// <summary>True once closed, by us or by the DTLS layer after the peer's close_notify or a fatal alert.</summary>
    public bool IsClosed => closed;

    public int GetReceiveLimit() => ReceiveLimitBytes;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>Waits up to <paramref name="waitMillis"/> (0 = forever, as BouncyCastle defines it); -1 on timeout.</summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (closed)
        {
            throw new IOException("The ICE transport is closed.");
        }

        byte[]? datagram;
        try
        {
            if (!incoming.TryTake(out datagram, waitMillis == 0 ? Timeout.Infinite : waitMillis))
            {
                return -1;
            }
        }
        catch (ObjectDisposedException)
        {
            throw new IOException("The ICE transport is closed.");
        }
        catch (InvalidOperationException)
        {
            throw new IOException("The ICE transport is closed.");
        }

        var length = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (closed)
        {
            throw new IOException("The ICE transport is closed.");
        }

        agent.Send(buffer);
    }

    public void Close()
    {
        closed = true;
        try
        {
            incoming.CompleteAdding();
        }
        catch (ObjectDisposedException)
        {
            // closed and disposed already
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Close();
            incoming.Dispose();
        }
    }

    private void Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (closed)
        {
            return;
        }

        try
        {
            if (!incoming.TryAdd(datagram.ToArray()))
            {
                Dropped++;
            }
        }
        catch (InvalidOperationException)
        {
            // completed or disposed: closing
        }
    }
}
