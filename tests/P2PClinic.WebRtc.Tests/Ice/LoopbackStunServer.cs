using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Stun;

namespace P2PClinic.WebRtc.Tests.Ice;

/// <summary>
/// A tiny STUN server (RFC 8489 Binding only) on loopback. It answers with the mapping the test chooses, which lets a
/// test play a server that sees the client behind a NAT without leaving the machine.
/// </summary>
internal sealed class LoopbackStunServer : IAsyncDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource stopping = new();
    private readonly Func<IPEndPoint, IPEndPoint> mapping;
    private readonly Task serving;
    private int requests;

    public LoopbackStunServer(Func<IPEndPoint, IPEndPoint> mapping)
    {
        this.mapping = mapping;
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        serving = Task.Run(ServeAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)socket.LocalEndPoint!;

    public int Requests => Volatile.Read(ref requests);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        socket.Dispose();
        await serving;
        stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[1500];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (!StunMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var request, out _) || request!.Class != StunClass.Request)
            {
                continue;
            }

            Interlocked.Increment(ref requests);
            var source = (IPEndPoint)received.RemoteEndPoint;
            var response = new StunMessage(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId) { XorMappedAddress = mapping(source) };
            await socket.SendToAsync(response.Encode([]), source);
        }
    }
}
