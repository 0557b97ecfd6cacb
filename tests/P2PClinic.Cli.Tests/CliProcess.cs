using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>
/// The CLI as a running process the test talks to while it runs: its output read line by line as it comes, Ctrl+C
/// sent as a real SIGINT. (A CLI run to its end, with or without standard input, is <see cref="CliRunner"/>'s.)
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    // Guards against a hung child only; nothing here measures speed.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _errorLines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();

    private CliProcess(Process process) => _process = process;

    /// <summary>
    /// Starts <c>p2pclinic</c>. It runs under <c>env --default-signal=INT</c>: a process started in the background by a
    /// non-interactive shell inherits SIGINT as ignored, and .NET then never sees Ctrl+C; the test must not depend
    /// on how its own runner was started.
    /// </summary>
    public static CliProcess Start(IEnumerable<string> arguments)
    {
        Assert.True(File.Exists(CliRunner.CliAssembly), $"the CLI was not built at {CliRunner.CliAssembly}");
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in (IEnumerable<string>)["--default-signal=INT", ProcessRunner.DotnetHost, CliRunner.CliAssembly, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in CliRunner.ScrubbedVariables)
        {
            start.Environment.Remove(name);
        }

        var process = new Process { StartInfo = start };
        var cli = new CliProcess(process);
        process.OutputDataReceived += (_, e) => cli.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => cli.OnError(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
        return cli;
    }

    /// <summary>Everything printed on stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>The next line on stdout; fails the test (with what was printed) if none comes before the guard.</summary>
    public Task<string> ReadLineAsync() => ReadAsync(_lines);

    /// <summary>The next line on stderr; fails the test (with what was printed) if none comes before the guard.</summary>
    public Task<string> ReadErrorLineAsync() => ReadAsync(_errorLines);

    private async Task<string> ReadAsync(Channel<string> lines)
    {
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            return await lines.Reader.ReadAsync(guard.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"the CLI printed no further line; stdout:\n{Stdout()}\nstderr:\n{StandardError}");
        }
    }

    /// <summary>Sends SIGINT, what Ctrl+C sends at a terminal.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to end and returns what it printed.</summary>
    public async Task<ProcessResult> WaitForExitAsync()
    {
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await _process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"the CLI did not exit; stdout:\n{Stdout()}\nstderr:\n{StandardError}");
        }

        // The parameterless wait also drains the redirected streams.
        await _process.WaitForExitAsync(CancellationToken.None);
        return new ProcessResult(_process.ExitCode, Stdout(), StandardError);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private string Stdout()
    {
        lock (_lock)
        {
            return _stdout.ToString();
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            _lines.Writer.TryComplete();
            return;
        }

        lock (_lock)
        {
            _stdout.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            _errorLines.Writer.TryComplete();
            return;
        }

        lock (_lock)
        {
            _stderr.AppendLine(line);
        }

        _errorLines.Writer.TryWrite(line);
    }
}
