using System.Globalization;
using P2PClinic.Bench.WebRtc;

// Side-by-side WebRTC data-channel numbers for docs/benchmarks.md: our C# stack, libwebrtc (two @roamhq/wrtc peers
// in one Node process) and a bare TCP socket, all on loopback, in one run.
// Usage: dotnet P2PClinic.Bench.WebRtc.dll [--mib 64] [--message-kib 64] [--round-trips 2000] [--runs 3] [--parts csharp,wrtc,tcp]
var settings = BenchSettings.Parse(args);
Console.WriteLine($"# {settings.TotalMiB} MiB in {settings.MessageKiB} KiB messages; {settings.RoundTrips} round trips of 16 bytes; best of {settings.Runs} runs");
Console.WriteLine("| pair | throughput (MB/s) | RTT median (µs) | RTT mean (µs) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var part in settings.Parts)
{
    BenchResult? best = null;
    for (var run = 0; run < settings.Runs; run++)
    {
        var result = part switch
        {
            "csharp" => await CSharpBench.RunAsync(settings),
            "wrtc" => await LibWebRtcBench.RunAsync(settings),
            "tcp" => await TcpBench.RunAsync(settings),
            _ => throw new ArgumentException($"unknown part '{part}'"),
        };
        best = best is null ? result : BenchResult.Best(best, result);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {Name(part)} | {best!.ThroughputMBps:F1} | {best.RttMedianMicros:F0} | {best.RttMeanMicros:F0} |"));
}

static string Name(string part) => part switch
{
    "csharp" => "C# ↔ C# (this stack)",
    "wrtc" => "libwebrtc ↔ libwebrtc (@roamhq/wrtc)",
    _ => "bare TCP (loopback)",
};
