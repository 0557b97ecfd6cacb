using System.Diagnostics;
using System.Reflection;

namespace P2PClinic.Cli.Tests;

/// <summary>The outcome of one run of the real p2pclinic process.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

/// <summary>Runs the built CLI (frontends/cli) as a child process, the way a user or a script does.</summary>
public static class CliRunner
{
    // A hung CLI must fail the test rather than hang the suite; this bounds the wait, it asserts nothing about speed.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    public static string CliAssembly { get; } = typeof(CliRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "P2PClinic.CliAssembly").Value!;

    /// <summary>Runs <c>p2pclinic</c> with <paramref name="arguments"/>; <paramref name="environment"/> entries with a null value are removed.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Assert.True(File.Exists(CliAssembly), $"the CLI was not built at {CliAssembly}");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A token or data directory in the developer's own environment must not leak into the tests.
        start.Environment.Remove("P2PCLINIC_TOKEN");
        start.Environment.Remove("P2PCLINIC_DATA");
        start.Environment.Remove("P2PCLINIC_DATA_DIR");
        start.Environment.Remove("P2PCLINIC_TRACE");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

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
            throw new TimeoutException($"p2pclinic {string.Join(' ', start.ArgumentList.Skip(1))} did not exit");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<CliResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
