using System.Globalization;
using P2PClinic.Bench.WebRtc;

// Side-by-side WebRTC data-channel numbers for docs/benchmarks.md: our C# stack, libwebrtc (two @roamhq/wrtc peers
// in one Node process) and a bare TCP socket, all on loopback, in one run.
// Also bulk data between our stack and libwebrtc in each direction, with the receiver replying after every MiB
// (tests/webrtc-peers/peer.js, the same protocol the interop tests check); throughput only.
// Usage: dotnet P2PClinic.Bench.WebRtc.dll [--mib 64] [--message-kib 64] [--round-trips 2000] [--runs 3]
//        [--parts csharp,csharp-relayed,wrtc,wrtc-to-csharp,csharp-to-wrtc,tcp]
// csharp-relayed: the csharp pair with the relay-only policy through a coturn it starts on loopback (needs turnserver).
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
            "csharp-relayed" => await RelayedBench.RunAsync(settings),
            "wrtc" => await LibWebRtcBench.RunAsync(settings),
            "wrtc-to-csharp" => await BulkWithRepliesBench.LibWebRtcToCSharpAsync(settings),
            "csharp-to-wrtc" => await BulkWithRepliesBench.CSharpToLibWebRtcAsync(settings),
            "tcp" => await TcpBench.RunAsync(settings),
            _ => throw new ArgumentException($"unknown part '{part}'"),
        };
        best = best is null ? result : BenchResult.Best(best, result);
    }

    Console.WriteLine(double.IsNaN(best!.RttMedianMicros)
        ? string.Create(CultureInfo.InvariantCulture, $"| {Name(part)} | {best.ThroughputMBps:F1} | – | – |")
        : string.Create(CultureInfo.InvariantCulture, $"| {Name(part)} | {best.ThroughputMBps:F1} | {best.RttMedianMicros:F0} | {best.RttMeanMicros:F0} |"));
}

static string Name(string part) => part switch
{
    "csharp" => "C# ↔ C# (this stack)",
    "csharp-relayed" => "C# ↔ C# through coturn (relay-only)",
    "wrtc" => "libwebrtc ↔ libwebrtc (@roamhq/wrtc)",
    "wrtc-to-csharp" => "libwebrtc → C# (reply every MiB)",
    "csharp-to-wrtc" => "C# → libwebrtc (reply every MiB)",
    _ => "bare TCP (loopback)",
};
