using System.Diagnostics;

namespace P2PClinic.Testing;

/// <summary>
/// Runs the host once to completion (for cases where it must refuse to start): returns its exit code and
/// output, or kills it if it does not exit in time.
/// </summary>
public static class NodeProcessRun
{
    /// <summary>Runs the host with <paramref name="arguments"/> and waits for it to exit.</summary>
    /// <returns>The exit code and the combined output.</returns>
    public static Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, TimeSpan timeout, string? hostAssemblyPath = null, CancellationToken cancellationToken = default) =>
        RunToExitAsync(arguments, new Dictionary<string, string>(), timeout, hostAssemblyPath, cancellationToken);

    /// <summary>Runs the host with <paramref name="arguments"/> and extra <paramref name="environment"/> variables, and waits for it to exit.</summary>
    /// <returns>The exit code and the combined output.</returns>
    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? hostAssemblyPath = null, CancellationToken cancellationToken = default)
    {
        var start = TestNode.CreateStartInfo(hostAssemblyPath ?? TestNode.DefaultHostAssemblyPath, arguments, environment);
        using var process = new Process { StartInfo = start };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the node did not exit within {timeout}:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
