using System.Diagnostics;
using System.Reflection;

namespace P2PClinic.Contacts.Tests.Cli;

/// <summary>The outcome of one run of the real p2pclinic process.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs the built CLI as a child process.</summary>
public static class Cli
{
    // A hung CLI must fail the test rather than hang the suite; this bounds the wait, it asserts nothing about speed.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    private static string Assembly { get; } = typeof(Cli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "P2PClinic.CliAssembly").Value!;

    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments)
    {
        Assert.True(File.Exists(Assembly), $"the CLI was not built at {Assembly}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("P2PCLINIC_TOKEN");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the CLI");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"p2pclinic {string.Join(' ', arguments)} did not exit");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
