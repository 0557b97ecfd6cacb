using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using P2PClinic.WebRtc.Turn;

namespace P2PClinic.WebRtc.Tests.Turn;

/// <summary>A <see cref="TurnAllocation"/> on its own UDP socket: a receive pump and a 50 ms tick, as the ICE agent drives it.</summary>
internal sealed class TurnClientHarness : IAsyncDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task pump;
    private readonly Task ticker;
    private readonly List<string> trace = [];

    public TurnClientHarness(IPEndPoint server, TurnCredentials credentials, TurnClientOptions? options = null)
    {
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Allocation = new TurnAllocation(server, credentials, (packet, to) => socket.SendTo(packet, to), options)
        {
            Trace = line =>
            {
                lock (trace)
                {
                    trace.Add(line);
                }
            },
        };
        pump = Task.Run(PumpAsync);
        ticker = Task.Run(TickAsync);
        Allocation.Start(DateTimeOffset.UtcNow);
    }

    public TurnAllocation Allocation { get; }

    /// <summary>Datagrams peers sent through the relay.</summary>
    public Channel<(IPEndPoint Peer, byte[] Payload)> Received { get; } = Channel.CreateUnbounded<(IPEndPoint, byte[])>();

    public IReadOnlyList<string> Trace
    {
        get
        {
            lock (trace)
            {
                return [.. trace];
            }
        }
    }

    /// <summary>Waits (polling, bounded) until the allocation has left <see cref="TurnAllocationState.Allocating"/>.</summary>
    public async Task<TurnAllocationState> SettledAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Allocation.State == TurnAllocationState.Allocating && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Allocation.State;
    }

    public async ValueTask DisposeAsync()
    {
        Allocation.Release();
        await stopping.CancelAsync();
        socket.Dispose();
        await Task.WhenAll(pump, ticker);
        stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[2048];
        while (!stopping.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (!received.RemoteEndPoint.Equals(Allocation.Server))
            {
                continue;
            }

            if (Allocation.Receive(buffer.AsSpan(0, received.ReceivedBytes), DateTimeOffset.UtcNow, out var peer, out var payload) == TurnReceiveResult.PeerData)
            {
                Received.Writer.TryWrite((peer!, payload!));
            }
        }
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            while (await timer.WaitForNextTickAsync(stopping.Token))
            {
                Allocation.Tick(DateTimeOffset.UtcNow);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }
}
