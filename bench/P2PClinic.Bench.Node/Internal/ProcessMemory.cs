using System.Globalization;
using System.Text.RegularExpressions;

namespace P2PClinic.Bench.Node.Internal;

/// <summary>Resident set size from /proc (Linux): what a process really holds in RAM.</summary>
internal static partial class ProcessMemory
{
    public static long ResidentBytes(int processId)
    {
        var status = File.ReadAllText($"/proc/{processId}/status");
        var match = VmRssPattern().Match(status);
        return match.Success
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1024
            : throw new InvalidOperationException($"no VmRSS in /proc/{processId}/status");
    }

    [GeneratedRegex(@"^VmRSS:\s*(\d+)\s*kB", RegexOptions.Multiline)]
    private static partial Regex VmRssPattern();
}
