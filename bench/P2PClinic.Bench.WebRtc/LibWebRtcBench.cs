using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace P2PClinic.Bench.WebRtc;

/// <summary>Runs tests/webrtc-peers/bench.js: two libwebrtc peers in one Node process, the same measures.</summary>
internal static class LibWebRtcBench
{
    public static async Task<BenchResult> RunAsync(BenchSettings settings)
    {
        var start = new ProcessStartInfo("node", ["bench.js", Invariant(settings.TotalMiB), Invariant(settings.MessageKiB), Invariant(settings.RoundTrips)])
        {
            WorkingDirectory = PeersDirectory(),
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"bench.js failed with exit code {node.ExitCode}");
        }

        var json = JsonDocument.Parse(output.Trim()).RootElement;
        return new BenchResult(json.GetProperty("throughputMBps").GetDouble(), json.GetProperty("rttMedianMicros").GetDouble(), json.GetProperty("rttMeanMicros").GetDouble());
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string PeersDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "webrtc-peers");
            if (File.Exists(Path.Combine(candidate, "bench.js")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/webrtc-peers/bench.js not found; run from the repository (npm ci there first).");
    }
}
