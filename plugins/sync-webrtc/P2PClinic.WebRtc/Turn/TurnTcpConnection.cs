using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using P2PClinic.WebRtc.Stun;

namespace P2PClinic.WebRtc.Turn;

/// <summary>
/// A TCP connection to a TURN server (RFC 8656 section 3.1: for networks that block UDP; the relay to peers stays
/// UDP). The stream carries STUN messages, framed by their own length field, and ChannelData messages padded to a
/// multiple of four bytes (section 12.5). The socket is opened in the constructor, on the caller's thread.
/// </summary>
internal sealed class TurnTcpConnection : IDisposable
{
    private readonly Socket socket;
    private readonly Lock writing = new();
    private readonly CancellationTokenSource stopping = new();

    public TurnTcpConnection(IPEndPoint server)
    {
        Server = server ?? throw new ArgumentNullException(nameof(server));
        socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    }

    public IPEndPoint Server { get; }

    /// <summary>Connects, then hands every whole message to <paramref name="received"/> until the connection ends; returns why it ended.</summary>
    public async Task<string> RunAsync(Action onConnected, Action<byte[]> received, TimeSpan connectTimeout)
    {
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping.Token))
            {
                timeout.CancelAfter(connectTimeout);
                await socket.ConnectAsync(Server, timeout.Token).ConfigureAwait(false);
            }

            using var stream = new NetworkStream(socket, ownsSocket: false);
            onConnected();
            var header = new byte[4];
            while (true)
            {
                await stream.ReadExactlyAsync(header, stopping.Token).ConfigureAwait(false);
                int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
                var isChannelData = ChannelData.IsChannelData(header);
                if (!isChannelData && (header[0] & 0xC0) != 0)
                {
                    return $"TURN server {Server} sent something that is neither STUN nor ChannelData over TCP";
                }

                var rest = isChannelData ? (length + 3) & ~3 : StunMessage.HeaderLength - 4 + length;
                var message = new byte[4 + rest];
                header.CopyTo(message, 0);
                await stream.ReadExactlyAsync(message.AsMemory(4), stopping.Token).ConfigureAwait(false);
                received(isChannelData ? message[..(4 + length)] : message);
            }
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return $"TURN server {Server} did not accept a TCP connection within {connectTimeout.TotalSeconds:0.#} s";
        }
        catch (Exception e) when (e is SocketException or IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            return $"the TCP connection to TURN server {Server} ended: {e.Message}";
        }
    }

    /// <summary>Writes one message; ChannelData is padded to four bytes as TCP framing requires (RFC 8656 section 12.5).</summary>
    public void Send(byte[] message)
    {
        var padded = ChannelData.IsChannelData(message) && (message.Length & 3) != 0 ? [.. message, .. new byte[4 - (message.Length & 3)]] : message;
        try
        {
            lock (writing)
            {
                socket.Send(padded);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // A broken connection shows in RunAsync; until then a lost message is like a lost datagram.
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        socket.Dispose();
        stopping.Dispose();
    }
}
