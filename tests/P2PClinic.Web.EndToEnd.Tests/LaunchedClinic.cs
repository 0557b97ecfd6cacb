using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using P2PClinic.Testing;

namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>
/// Everything the README's first command starts (the launcher: signaling server, node, web app), started the same
/// way as a real process, on free loopback ports and a temporary data directory.
/// </summary>
public sealed partial class LaunchedClinic : IAsyncDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _lock = new();
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _waiters = [];

    private LaunchedClinic(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    /// <summary>The address the launcher says to open.</summary>
    public Uri WebAddress { get; private set; } = null!;

    /// <summary>The node's API address.</summary>
    public Uri NodeAddress { get; private set; } = null!;

    /// <summary>The node's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The launcher's process id.</summary>
    public int LauncherId => _process.Id;

    /// <summary>Everything the launcher printed.</summary>
    public string Output
    {
        get
        {
            lock (_lock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The signaling server the node uses (the launcher's own, or the one it was told).</summary>
    public Uri SignalingAddress { get; private set; } = null!;

    /// <summary>Starts the launcher (with <paramref name="extraArguments"/> after the test's own) and waits until it prints the address to open.</summary>
    public static async Task<LaunchedClinic> StartAsync(params string[] extraArguments)
    {
        var data = Directory.CreateTempSubdirectory("p2pclinic-web-e2e-").FullName;
        var start = new ProcessStartInfo(ProcessRunner.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Metadata("P2PClinic.LauncherAssembly"), "--data-dir", data, "--web-port", "0", "--node-port", "0", "--node-grpc-port", "0", "--signaling-port", "0", .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("P2PCLINIC_DATA");
        start.Environment.Remove("P2PCLINIC_DATA_DIR");
        start.Environment.Remove("P2PCLINIC_TOKEN");
        var process = Process.Start(start)!;
        var clinic = new LaunchedClinic(process, data);
        process.OutputDataReceived += (_, e) => clinic.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => clinic.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var open = await clinic.WaitForLineAsync(OpenLine());
            clinic.WebAddress = new Uri(open.Groups["url"].Value);
            clinic.NodeAddress = new Uri(NodeLine().Match(clinic.Output).Groups["url"].Value);
            clinic.SignalingAddress = new Uri(SignalingLine().Match(clinic.Output).Groups["url"].Value);
            return clinic;
        }
        catch
        {
            await clinic.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits for a line of the launcher's output matching <paramref name="pattern"/> (also one already printed).</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var line in _output.ToString().Split('\n'))
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }

            _waiters.Add((pattern, found));
        }

        try
        {
            return await found.Task.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the launcher never printed /{pattern}/:\n{Output}");
        }
    }

    /// <summary>The running node's own process (the dotnet process under the launcher's watchdog shell).</summary>
    public Process NodeProcess() => ChildRunning("P2PClinic.Host.dll");

    /// <summary>Runs the CLI against this node.</summary>
    public Task<ProcessResult> CliAsync(params string[] arguments) =>
        ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [Metadata("P2PClinic.CliAssembly"), .. arguments, "--node", NodeAddress.ToString(), "--data-dir", DataDirectory]);

    /// <summary>Asks the launcher to stop (SIGTERM, as a service manager or Ctrl+C would) and waits for it.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await _process.WaitForExitAsync().WaitAsync(HangGuard);
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the launcher with SIGKILL: it cannot clean up, so only the watchdogs can stop its children.</summary>
    public async Task KillLauncherAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>The process under the launcher whose command line names <paramref name="assembly"/>.</summary>
    public Process ChildRunning(string assembly)
    {
        foreach (var pid in Descendants(_process.Id))
        {
            var cmdline = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline") : "";
            if (cmdline.Contains(assembly, StringComparison.Ordinal) && !cmdline.StartsWith("/bin/sh", StringComparison.Ordinal))
            {
                return Process.GetProcessById(pid);
            }
        }

        throw new InvalidOperationException($"no process running {assembly} under the launcher");
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        // A .NET process starts children from any of its threads: each thread lists its own.
        var tasks = Directory.Exists($"/proc/{pid}/task") ? Directory.GetDirectories($"/proc/{pid}/task") : [];
        var children = tasks
            .Select(t => Path.Combine(t, "children"))
            .Where(File.Exists)
            .SelectMany(path => File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            .Distinct()
            .ToList();
        foreach (var child in children)
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.AppendLine(line);
            foreach (var waiter in _waiters.ToList())
            {
                if (waiter.Pattern.Match(line) is { Success: true } match)
                {
                    waiter.Found.TrySetResult(match);
                    _waiters.Remove(waiter);
                }
            }
        }
    }

    internal static string Metadata(string key) =>
        typeof(LaunchedClinic).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    [GeneratedRegex(@"^P2PCLINIC-OPEN (?<url>\S+)")]
    private static partial Regex OpenLine();

    [GeneratedRegex(@"node\s+(?<url>http://\S+)")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"signaling\s+(?<url>http://\S+)")]
    private static partial Regex SignalingLine();
}
