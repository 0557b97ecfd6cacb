using System.Globalization;

namespace P2PClinic.Bench.Sync;

/// <summary>What one run measures: <c>--contacts 10000 --events 10000 --edits 200 --runs 3</c>.</summary>
internal sealed record SyncBenchOptions(int Contacts, int Events, int Edits, int Runs)
{
    public static SyncBenchOptions Parse(string[] args)
    {
        var options = new SyncBenchOptions(10_000, 10_000, 200, 3);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"option '{args[i]}' needs a value");
            }

            var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--contacts" => options with { Contacts = value },
                "--events" => options with { Events = value },
                "--edits" => options with { Edits = value },
                "--runs" => options with { Runs = value },
                _ => throw new ArgumentException($"unknown option '{args[i]}' (--contacts, --events, --edits, --runs)"),
            };
        }

        return options.Runs < 1 || options.Edits < 1 ? throw new ArgumentException("--runs and --edits must be at least 1") : options;
    }
}

/// <summary>One join as the joiner's API reported it: the whole call, and from "syncing" (authenticated) to "done".</summary>
internal sealed record InitialSync(TimeSpan Total, TimeSpan Syncing, long BytesIn);
