using System.Net;
using System.Net.Sockets;

namespace P2PClinic.WebRtc.Tests.Interop;

/// <summary>
/// A UDP relay on loopback between two real peers that loses, duplicates and reorders datagrams but never changes
/// one. Each peer is told only the relay's address facing it, so every datagram between them crosses the relay.
/// </summary>
internal sealed class LossyUdpRelay : IAsyncDisposable
{
    private readonly Socket towardA = Bind();
    private readonly Socket towardB = Bind();
    private readonly CancellationTokenSource stopping = new();
    private readonly Random random = new(20251125);
    private readonly Lock randomGate = new();
    private readonly Task forwardAToB;
    private readonly Task forwardBToA;

    public LossyUdpRelay(IPEndPoint peerA, IPEndPoint peerB)
    {
        forwardAToB = Task.Run(() => ForwardAsync(towardA, towardB, peerB));
        forwardBToA = Task.Run(() => ForwardAsync(towardB, towardA, peerA));
    }

    public double LossRate { get; set; }

    public double DuplicateRate { get; set; }

    public double ReorderRate { get; set; }

    /// <summary>Drop everything that peer B sends: B has vanished from A's point of view.</summary>
    public bool DropFromB { get; set; }

    /// <summary>Drop everything both ways: the path between the peers has died (a NAT mapping or route gone).</summary>
    public bool DropAll { get; set; }

    /// <summary>The address peer A must use to reach B.</summary>
    public IPEndPoint FacingA => (IPEndPoint)towardA.LocalEndPoint!;

    /// <summary>The address peer B must use to reach A.</summary>
    public IPEndPoint FacingB => (IPEndPoint)towardB.LocalEndPoint!;

    public long Forwarded;
    public long Dropped;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        towardA.Dispose();
        towardB.Dispose();
        await Task.WhenAll(forwardAToB, forwardBToA);
        stopping.Dispose();
    }

    private static Socket Bind()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20, SendBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private async Task ForwardAsync(Socket from, Socket to, IPEndPoint destination)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        var fromB = from == towardB;
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await from.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var datagram = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            double roll, dup, reorder;
            lock (randomGate)
            {
                (roll, dup, reorder) = (random.NextDouble(), random.NextDouble(), random.NextDouble());
            }

            if (DropAll || (fromB && DropFromB) || roll < LossRate)
            {
                Interlocked.Increment(ref Dropped);
                continue;
            }

            var copies = dup < DuplicateRate ? 2 : 1;
            for (var i = 0; i < copies; i++)
            {
                if (reorder < ReorderRate)
                {
                    // Held back a few milliseconds: datagrams sent after it overtake it.
                    _ = SendLaterAsync(to, datagram, destination);
                }
                else
                {
                    Send(to, datagram, destination);
                }
            }
        }
    }

    private async Task SendLaterAsync(Socket to, byte[] datagram, IPEndPoint destination)
    {
        try
        {
            await Task.Delay(3, stopping.Token);
            Send(to, datagram, destination);
        }
        catch (OperationCanceledException)
        {
            // relay stopped
        }
    }

    private void Send(Socket to, byte[] datagram, IPEndPoint destination)
    {
        try
        {
            to.SendTo(datagram, destination);
            Interlocked.Increment(ref Forwarded);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // relay stopped
        }
    }
}
