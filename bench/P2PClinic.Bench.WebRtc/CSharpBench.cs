using System.Diagnostics;
using P2PClinic.WebRtc;

namespace P2PClinic.Bench.WebRtc;

/// <summary>Two of our peer connections on loopback: bulk throughput on one channel, ping-pong on another.</summary>
internal static class CSharpBench
{
    public static Task<BenchResult> RunAsync(BenchSettings settings) => RunAsync(settings, new RtcConfiguration { LoopbackOnly = true });

    /// <summary>The same measurements with another configuration (e.g. relay-only through a TURN server).</summary>
    public static async Task<BenchResult> RunAsync(BenchSettings settings, RtcConfiguration configuration)
    {
        await using var a = new RtcPeerConnection(configuration);
        await using var b = new RtcPeerConnection(configuration);
        var remoteChannels = new Dictionary<string, TaskCompletionSource<RtcDataChannel>>
        {
            ["bulk"] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            ["ping"] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        b.DataChannelOpened += c => remoteChannels[c.Label].TrySetResult(c);
        b.SetRemoteDescription(await a.CreateOfferAsync());
        a.SetRemoteDescription(await b.CreateAnswerAsync());
        await Task.WhenAll(a.WaitForConnectedAsync(), b.WaitForConnectedAsync());
        var bulk = a.CreateDataChannel("bulk");
        var ping = a.CreateDataChannel("ping");
        var bulkSink = await remoteChannels["bulk"].Task;
        var echo = await remoteChannels["ping"].Task;
        await WaitOpenAsync(bulk);
        await WaitOpenAsync(ping);

        var throughput = await ThroughputAsync(settings, bulk, bulkSink);
        var (median, mean) = await RoundTripsAsync(settings, ping, echo);
        return new BenchResult(throughput, median, mean);
    }

    private static async Task<double> ThroughputAsync(BenchSettings settings, RtcDataChannel sender, RtcDataChannel sink)
    {
        long received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.MessageReceived += m =>
        {
            if (Interlocked.Add(ref received, m.Data.Length) >= settings.TotalBytes)
            {
                done.TrySetResult();
            }
        };
        var message = new byte[settings.MessageBytes];
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < settings.TotalBytes; sent += message.Length)
        {
            await sender.SendAsync(message);
        }

        await done.Task;
        return settings.TotalBytes / clock.Elapsed.TotalSeconds / 1e6;
    }

    private static async Task<(double, double)> RoundTripsAsync(BenchSettings settings, RtcDataChannel ping, RtcDataChannel echo)
    {
        echo.MessageReceived += m => _ = echo.SendAsync(m.Data.ToArray());
        var samples = new List<double>(settings.RoundTrips);
        var payload = new byte[16];
        for (var i = 0; i < settings.RoundTrips + 100; i++)
        {
            var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnMessage(RtcDataChannelMessage _) => back.TrySetResult();
            ping.MessageReceived += OnMessage;
            var start = Stopwatch.GetTimestamp();
            await ping.SendAsync(payload);
            await back.Task;
            var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            ping.MessageReceived -= OnMessage;
            if (i >= 100)
            {
                samples.Add(micros);
            }
        }

        return BenchResult.Summarize(samples);
    }

    private static Task WaitOpenAsync(RtcDataChannel channel)
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => open.TrySetResult();
        if (channel.State == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }

        return open.Task;
    }
}
