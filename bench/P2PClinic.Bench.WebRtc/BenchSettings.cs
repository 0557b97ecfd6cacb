using System.Globalization;

namespace P2PClinic.Bench.WebRtc;

internal sealed record BenchSettings(int TotalMiB, int MessageKiB, int RoundTrips, int Runs, IReadOnlyList<string> Parts)
{
    public int TotalBytes => TotalMiB * 1024 * 1024;

    public int MessageBytes => MessageKiB * 1024;

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings(64, 64, 2000, 3, ["csharp", "csharp-relayed", "wrtc", "wrtc-to-csharp", "csharp-to-wrtc", "tcp"]);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            settings = args[i] switch
            {
                "--mib" => settings with { TotalMiB = int.Parse(value, CultureInfo.InvariantCulture) },
                "--message-kib" => settings with { MessageKiB = int.Parse(value, CultureInfo.InvariantCulture) },
                "--round-trips" => settings with { RoundTrips = int.Parse(value, CultureInfo.InvariantCulture) },
                "--runs" => settings with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--parts" => settings with { Parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                _ => throw new ArgumentException($"unknown option '{args[i]}'"),
            };
        }

        return settings;
    }
}

internal sealed record BenchResult(double ThroughputMBps, double RttMedianMicros, double RttMeanMicros)
{
    /// <summary>The best of two runs, per measure: on a shared machine the best run is the least disturbed one.</summary>
    public static BenchResult Best(BenchResult a, BenchResult b)
        => new(Math.Max(a.ThroughputMBps, b.ThroughputMBps), Math.Min(a.RttMedianMicros, b.RttMedianMicros), Math.Min(a.RttMeanMicros, b.RttMeanMicros));

    public static (double Median, double Mean) Summarize(List<double> samples)
    {
        samples.Sort();
        return (samples[samples.Count / 2], samples.Average());
    }
}
