using System.Globalization;
using System.Text;

namespace P2PClinic.Bench.Node.Internal;

/// <summary>One row of the report: the node's number beside its anchor, measured in the same run.</summary>
internal sealed record BenchmarkResult(string Name, string Node, string Anchor, string AnchorIs, string Notes);

/// <summary>Writes the "Node" section of docs/benchmarks.md; other sections of that file belong to others and are kept as they are.</summary>
internal static class BenchmarkReport
{
    public const string SectionHeading = "## Node";

    public static string Render(MachineInfo machine, DateTimeOffset when, IReadOnlyList<BenchmarkResult> results, string method)
    {
        var text = new StringBuilder();
        text.AppendLine(SectionHeading);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {when:yyyy-MM-dd HH:mm} UTC by `bench/P2PClinic.Bench.Node` (Release) on {machine.CpuModel}, {machine.Cores} cores, {machine.Memory} RAM; {machine.Runtime}, {machine.Os}; 1-minute load average {machine.LoadAverage} at the start (the machine is shared, so absolute numbers are conservative; compare with the anchors).");
        text.AppendLine("Each node figure stands beside an anchor measured in the same run on the same machine and disk.");
        text.AppendLine();
        text.AppendLine("| benchmark | node | anchor | the anchor is | notes |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.Node} | {r.Anchor} | {r.AnchorIs} | {r.Notes} |");
        }

        text.AppendLine();
        text.AppendLine(method.TrimEnd());
        text.AppendLine();
        text.AppendLine("Re-run: `dotnet run -c Release --project bench/P2PClinic.Bench.Node -- --write-docs`.");
        return text.ToString();
    }

    /// <summary>Replaces the Node section (from its heading to the next "## " heading) or appends it.</summary>
    public static void WriteInto(string docsFile, string section)
    {
        var existing = File.Exists(docsFile) ? File.ReadAllText(docsFile) : "# Benchmarks\n";
        var lines = existing.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        var start = lines.FindIndex(l => l.TrimEnd() == SectionHeading);
        if (start < 0)
        {
            var body = existing.TrimEnd('\n');
            File.WriteAllText(docsFile, body + "\n\n" + section);
            return;
        }

        var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var before = string.Join('\n', lines.Take(start));
        var after = end < 0 ? "" : "\n" + string.Join('\n', lines.Skip(end));
        File.WriteAllText(docsFile, before + (before.Length > 0 ? "\n" : "") + section + after);
    }
}
