using System.Diagnostics;
using System.Text.RegularExpressions;

namespace P2PClinic.Launcher;

/// <summary>
/// One of the launched programs (<c>dotnet some.dll ...</c>), run under a tiny shell watchdog that stops it with
/// SIGTERM as soon as the launcher's end of its standard input closes: when the launcher stops it on purpose, and
/// also when the launcher dies without cleaning up (SIGKILL), since the kernel closes the pipe then. So no child
/// outlives the launcher.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    // "$@" runs in the background (so it ignores the terminal's SIGINT: the launcher decides when it stops); the
    // watcher reads the launcher's pipe on fd 3 and sends SIGTERM when it reaches end of file.
    private const string Watchdog = """
        trap '' INT
        exec 3<&0
        "$@" </dev/null &
        child=$!
        ( read -r _ <&3; kill -TERM "$child" 2>/dev/null ) &
        watcher=$!
        wait "$child"
        status=$?
        kill "$watcher" 2>/dev/null
        exit "$status"
        """;

    private readonly Process _process;
    private readonly List<string> _recent = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<Match> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the launcher calls it in its output (node, web, signaling).</summary>
    public string Name { get; }

    /// <summary>The watchdog's process id.</summary>
    public int Id => _process.Id;

    /// <summary>True once it exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Its exit code, once it exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>The last lines it printed, for an error message.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_lock)
            {
                return string.Join(Environment.NewLine, _recent);
            }
        }
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="assembly"/> <paramref name="arguments"/></c>; <paramref name="ready"/> matches
    /// the line it prints once it serves. Its output is echoed (prefixed) when <paramref name="echo"/> is set.
    /// </summary>
    public static ChildProcess Start(string name, string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, Regex ready, bool echo)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{name} is not built at {assembly}: run the launcher with dotnet run --project tools/P2PClinic.Launcher, which builds it");
        }

        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(Environment.ProcessPath is { } dotnet && Path.GetFileNameWithoutExtension(dotnet) == "dotnet" ? dotnet : "dotnet");
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.OnLine(e.Data, ready, echo);
        process.ErrorDataReceived += (_, e) => child.OnLine(e.Data, ready, echo: true);
        process.Exited += (_, _) => child._ready.TrySetException(new InvalidOperationException($"{name} exited with code {process.ExitCode} before it served:{Environment.NewLine}{child.RecentOutput}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits for the line that says it serves and returns the match.</summary>
    /// <exception cref="InvalidOperationException">It exited first.</exception>
    /// <exception cref="TimeoutException">It did not say so in time.</exception>
    public async Task<Match> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await _ready.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not start within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
        }
    }

    /// <summary>Completes when it exits.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Stops it: closes its pipe (the watchdog sends SIGTERM) and waits; kills it if it hangs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private void OnLine(string? line, Regex ready, bool echo)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _recent.Add(line);
            if (_recent.Count > 40)
            {
                _recent.RemoveAt(0);
            }
        }

        if (ready.Match(line) is { Success: true } match)
        {
            _ready.TrySetResult(match);
        }

        if (echo)
        {
            Console.Error.WriteLine($"[{Name}] {line}");
        }
    }
}
