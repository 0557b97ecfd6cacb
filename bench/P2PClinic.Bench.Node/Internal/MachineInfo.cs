using System.Globalization;
using System.Text.RegularExpressions;

namespace P2PClinic.Bench.Node.Internal;

/// <summary>What the numbers were measured on: CPU model, cores, RAM, runtime.</summary>
internal sealed partial record MachineInfo(string CpuModel, int Cores, string Memory, string Runtime, string Os, string LoadAverage)
{
    public static MachineInfo Read()
    {
        var cpu = ReadField("/proc/cpuinfo", CpuModelPattern()) ?? "unknown CPU";
        var memKb = ReadField("/proc/meminfo", MemTotalPattern());
        var memory = long.TryParse(memKb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
            ? string.Create(CultureInfo.InvariantCulture, $"{kb / 1024.0 / 1024.0:0.0} GiB")
            : "unknown";
        return new MachineInfo(
            cpu,
            Environment.ProcessorCount,
            memory,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ReadLoadAverage());
    }

    /// <summary>The 1-minute load average when the run started: other work on a shared machine shows here.</summary>
    private static string ReadLoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string? ReadField(string path, Regex pattern)
    {
        try
        {
            var match = pattern.Match(File.ReadAllText(path));
            return match.Success ? match.Groups[1].Value.Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^model name\s*:\s*(.+)$", RegexOptions.Multiline)]
    private static partial Regex CpuModelPattern();

    [GeneratedRegex(@"^MemTotal:\s*(\d+)\s*kB", RegexOptions.Multiline)]
    private static partial Regex MemTotalPattern();
}
