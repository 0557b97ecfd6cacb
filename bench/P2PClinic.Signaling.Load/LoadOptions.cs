using System.Globalization;

namespace P2PClinic.Signaling.Load;

/// <summary>What one benchmark run does; every loop is bounded by a request count and by a duration.</summary>
internal sealed record LoadOptions
{
    public IReadOnlyList<string> Stores { get; init; } = ["Memory", "Redis"];

    public int Rooms { get; init; } = 1000;

    public int PeersPerRoom { get; init; } = 5;

    public int Concurrency { get; init; } = 32;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);

    public int MaxRequests { get; init; } = 400_000;

    public int WakeupSamples { get; init; } = 300;

    public int MemoryRooms { get; init; } = 10_000;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            options = args[i] switch
            {
                "--store" => options with { Stores = value.Equals("both", StringComparison.OrdinalIgnoreCase) ? ["Memory", "Redis"] : [value] },
                "--rooms" => options with { Rooms = Int(value) },
                "--peers" => options with { PeersPerRoom = Int(value) },
                "--concurrency" => options with { Concurrency = Int(value) },
                "--seconds" => options with { Duration = TimeSpan.FromSeconds(Int(value)) },
                "--max-requests" => options with { MaxRequests = Int(value) },
                "--wakeups" => options with { WakeupSamples = Int(value) },
                "--memory-rooms" => options with { MemoryRooms = Int(value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --store memory|redis|both --rooms N --peers N --concurrency N --seconds N --max-requests N --wakeups N --memory-rooms N"),
            };
        }

        return options;
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
