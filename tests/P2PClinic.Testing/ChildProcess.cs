using System.Diagnostics;

namespace P2PClinic.Storage.Tests.Fixtures;

/// <summary>This test assembly started as a separate process in one of StoreWriterProgram's modes.</summary>
public sealed class ChildProcess : IDisposable
{
    private ChildProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public static ChildProcess Start(params string[] args) => Start(prefix: [], args);

    /// <summary>Starts the child, optionally through a wrapper command (e.g. setpriv).</summary>
    public static ChildProcess Start(string[] prefix, string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
        var assembly = typeof(ChildProcess).Assembly.Location;
        var command = prefix.Concat([dotnet, assembly]).Concat(args).ToArray();
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

        return new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException("The child process did not start."));
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
