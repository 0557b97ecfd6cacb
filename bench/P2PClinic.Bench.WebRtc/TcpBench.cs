using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace P2PClinic.Bench.WebRtc;

/// <summary>The limit: a bare TCP connection on loopback, 4-byte length-prefixed messages, Nagle off.</summary>
internal static class TcpBench
{
    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        using var server = await listener.AcceptTcpClientAsync();
        server.NoDelay = true;
        await using var a = client.GetStream();
        await using var b = server.GetStream();

        var throughput = await ThroughputAsync(settings, a, b);
        var (median, mean) = await RoundTripsAsync(settings, a, b);
        return new BenchResult(throughput, median, mean);
    }

    private static async Task<double> ThroughputAsync(BenchSettings settings, NetworkStream sender, NetworkStream sink)
    {
        var reading = Task.Run(async () =>
        {
            var buffer = new byte[1 << 20];
            long total = 0;
            while (total < settings.TotalBytes + ((long)settings.TotalBytes / settings.MessageBytes * 4))
            {
                total += await sink.ReadAsync(buffer);
            }
        });
        var message = new byte[4 + settings.MessageBytes];
        BitConverter.TryWriteBytes(message, settings.MessageBytes);
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < settings.TotalBytes; sent += settings.MessageBytes)
        {
            await sender.WriteAsync(message);
        }

        await reading;
        return settings.TotalBytes / clock.Elapsed.TotalSeconds / 1e6;
    }

    private static async Task<(double, double)> RoundTripsAsync(BenchSettings settings, NetworkStream ping, NetworkStream echo)
    {
        var echoing = Task.Run(async () =>
        {
            var buffer = new byte[20];
            for (var i = 0; i < settings.RoundTrips + 100; i++)
            {
                await echo.ReadExactlyAsync(buffer);
                await echo.WriteAsync(buffer);
            }
        });
        var samples = new List<double>(settings.RoundTrips);
        var message = new byte[20];
        var reply = new byte[20];
        for (var i = 0; i < settings.RoundTrips + 100; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await ping.WriteAsync(message);
            await ping.ReadExactlyAsync(reply);
            if (i >= 100)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }
        }

        await echoing;
        return BenchResult.Summarize(samples);
    }
}
