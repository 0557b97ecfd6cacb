using System.Reflection;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>Runs the built CLI (frontends/cli) as a child process, the way a user or a script does.</summary>
public static class CliRunner
{
    public static string CliAssembly { get; } = typeof(CliRunner).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "P2PClinic.CliAssembly").Value!;

    /// <summary>Runs <c>p2pclinic</c> with <paramref name="arguments"/>; <paramref name="environment"/> entries with a null value are removed.</summary>
    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Assert.True(File.Exists(CliAssembly), $"the CLI was not built at {CliAssembly}");

        // A token or data directory in the developer's own environment must not leak into the tests.
        var variables = new Dictionary<string, string?>
        {
            ["P2PCLINIC_TOKEN"] = null,
            ["P2PCLINIC_DATA"] = null,
            ["P2PCLINIC_DATA_DIR"] = null,
            ["P2PCLINIC_TRACE"] = null,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        return ProcessRunner.RunAsync(ProcessRunner.DotnetHost, [CliAssembly, .. arguments], environment: variables);
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunAsync(arguments, null);
}
