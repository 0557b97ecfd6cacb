using System.Globalization;

namespace P2PClinic.Bench.Node;

/// <summary>The runner's command line: <c>[--runs N] [--writes N] [--contacts N] [--write-docs [PATH]]</c>.</summary>
internal sealed record BenchOptions(int Runs, int Writes, int Contacts, string? DocsFile)
{
    public static BenchOptions Parse(IReadOnlyList<string> args, string repositoryRoot)
    {
        var runs = 5;
        var writes = 1000;
        var contacts = 10_000;
        string? docs = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = PositiveInt(args, ++i);
                    break;
                case "--writes":
                    writes = PositiveInt(args, ++i);
                    break;
                case "--contacts":
                    contacts = PositiveInt(args, ++i);
                    break;
                case "--write-docs":
                    docs = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                        ? Path.GetFullPath(args[++i])
                        : Path.Combine(repositoryRoot, "docs", "benchmarks.md");
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'; expected --runs N, --writes N, --contacts N, --write-docs [PATH]");
            }
        }

        return new BenchOptions(runs, writes, contacts, docs);
    }

    private static int PositiveInt(IReadOnlyList<string> args, int index) =>
        index < args.Count && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"'{args[index - 1]}' needs a positive whole number");
}
