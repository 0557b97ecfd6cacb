using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace P2PClinic.Signaling.Tests.Infrastructure;

/// <summary>
/// One HTTP/1.1 request over its own TCP connection, written in parts: the headers first, the body when the test
/// says, as a slow or stalled client would. HttpClient gives no control over when the body leaves.
/// </summary>
internal sealed class RawHttpRequest : IDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;

    private RawHttpRequest(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    /// <summary>Connects and sends the request line and headers of a JSON POST whose body is <paramref name="contentLength"/> bytes.</summary>
    public static async Task<RawHttpRequest> PostHeadersAsync(Uri server, string path, int contentLength)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var request = new RawHttpRequest(tcp);
        var head = $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {contentLength.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await request.stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        return request;
    }

    public async Task SendBodyAsync(string part) => await stream.WriteAsync(Encoding.UTF8.GetBytes(part));

    /// <summary>Reads the response: status, headers (lower-case names) and the body (Content-Length or chunked); fails after 30 s.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var cancellationToken = timeout.Token;
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headEnd;
        while ((headEnd = IndexOf(buffer, "\r\n\r\n"u8)) < 0)
        {
            await ReadMoreAsync(buffer, chunk, cancellationToken);
        }

        var headLines = Encoding.ASCII.GetString([.. buffer.Take(headEnd)]).Split("\r\n");
        var status = int.Parse(headLines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = headLines.Skip(1)
            .Select(line => line.Split(':', 2))
            .GroupBy(parts => parts[0].Trim().ToLowerInvariant(), parts => parts[1].Trim())
            .ToDictionary(g => g.Key, g => string.Join(", ", g), StringComparer.Ordinal);
        var rest = buffer.Skip(headEnd + 4).ToList();
        byte[] body;
        if (headers.TryGetValue("content-length", out var length))
        {
            var size = int.Parse(length, CultureInfo.InvariantCulture);
            while (rest.Count < size)
            {
                await ReadMoreAsync(rest, chunk, cancellationToken);
            }

            body = [.. rest.Take(size)];
        }
        else if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(rest, chunk, cancellationToken);
        }
        else
        {
            body = [];
        }

        return new RawHttpResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    public void Dispose()
    {
        stream.Dispose();
        tcp.Dispose();
    }

    private async Task<byte[]> ReadChunkedAsync(List<byte> rest, byte[] chunk, CancellationToken cancellationToken)
    {
        var body = new List<byte>();
        while (true)
        {
            int lineEnd;
            while ((lineEnd = IndexOf(rest, "\r\n"u8)) < 0)
            {
                await ReadMoreAsync(rest, chunk, cancellationToken);
            }

            var size = int.Parse(Encoding.ASCII.GetString([.. rest.Take(lineEnd)]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            rest.RemoveRange(0, lineEnd + 2);
            if (size == 0)
            {
                return [.. body];
            }

            while (rest.Count < size + 2)
            {
                await ReadMoreAsync(rest, chunk, cancellationToken);
            }

            body.AddRange(rest.Take(size));
            rest.RemoveRange(0, size + 2);
        }
    }

    private async Task ReadMoreAsync(List<byte> into, byte[] chunk, CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(chunk, cancellationToken);
        if (read == 0)
        {
            throw new IOException("The server closed the connection before the response was complete.");
        }

        into.AddRange(chunk.AsSpan(0, read));
    }

    private static int IndexOf(List<byte> buffer, ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i + pattern.Length <= buffer.Count; i++)
        {
            var match = true;
            for (var j = 0; j < pattern.Length && match; j++)
            {
                match = buffer[i + j] == pattern[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>A response read by <see cref="RawHttpRequest"/>.</summary>
internal sealed record RawHttpResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string ProblemType
    {
        get
        {
            Assert.Equal("application/problem+json", Headers.GetValueOrDefault("content-type")?.Split(';')[0]);
            return JsonDocument.Parse(Body).RootElement.GetProperty("type").GetString()!;
        }
    }
}
