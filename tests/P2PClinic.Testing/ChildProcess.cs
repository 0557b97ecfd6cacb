using System.Diagnostics;

namespace P2PClinic.Testing;

/// <summary>
/// A program that runs beside the test and talks to it line by line (a test assembly started again in a mode of its
/// own, a holder of a lock), killed with SIGKILL when the test says so. For a program run to its end, see
/// <see cref="ProcessRunner"/>. Linked as source into test projects that do not reference this one
/// (tests/P2PClinic.Storage.Tests), so there is one of it.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    /// <summary>
    /// Starts <paramref name="assemblyPath"/> on the test's own <c>dotnet</c> host with <paramref name="args"/>, optionally
    /// through a wrapper command (<paramref name="prefix"/>, e.g. setpriv).
    /// </summary>
    public static ChildProcess StartAssembly(string assemblyPath, IEnumerable<string> prefix, IEnumerable<string> args)
    {
        var command = prefix.Concat([ProcessRunner.DotnetHost, assemblyPath]).Concat(args).ToArray();
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"{command[0]} did not start."));
    }

    /// <summary>The next line the child printed, or null once it closed its output.</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken) =>
        await Process.StandardOutput.ReadLineAsync(cancellationToken);

    /// <summary>Waits for a line equal to <paramref name="expected"/>, failing with the child's stderr if it exits first.</summary>
    public async Task ExpectLineAsync(string expected, CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == expected)
            {
                return;
            }
        }

        var error = await Process.StandardError.ReadToEndAsync(cancellationToken);
        throw new InvalidOperationException($"The child process ended before printing '{expected}': {error}");
    }

    /// <summary>SIGKILL on Linux: the process gets no chance to flush or close anything.</summary>
    public async Task KillAsync()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        await Process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }

        Process.Dispose();
    }
}
