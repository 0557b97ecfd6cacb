using System.Reflection;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>Runs the built CLI (frontends/cli) as a child process, the way a user or a script does.</summary>
public static class CliRunner
{
    public static string CliAssembly { get; } = typeof(CliRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "P2PClinic.CliAssembly").Value!;

    /// <summary>The developer's own settings (a token, a data directory) that must not leak into a test's CLI.</summary>
    public static IReadOnlyList<string> ScrubbedVariables { get; } = ["P2PCLINIC_TOKEN", "P2PCLINIC_DATA", "P2PCLINIC_DATA_DIR", "P2PCLINIC_TRACE"];

    /// <summary>
    /// Runs <c>p2pclinic</c> with <paramref name="arguments"/>; <paramref name="environment"/> entries with a null value
    /// are removed; <paramref name="standardInput"/>, when given, is what the CLI reads on its standard input.
    /// </summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? standardInput = null)
    {
        Assert.True(File.Exists(CliAssembly), $"the CLI was not built at {CliAssembly}");

        var variables = ScrubbedVariables.ToDictionary(name => name, string? (_) => null);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [CliAssembly, .. arguments], environment: variables, standardInput: standardInput);
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);
}
