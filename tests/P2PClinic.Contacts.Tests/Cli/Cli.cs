using System.Reflection;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.Cli;

/// <summary>Runs the built CLI as a child process.</summary>
public static class Cli
{
    private static string Assembly { get; } = typeof(Cli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "P2PClinic.CliAssembly").Value!;

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, string? standardInput = null)
    {
        Assert.True(File.Exists(Assembly), $"the CLI was not built at {Assembly}");
        return ProcessRunner.RunAsync(
            ProcessRunner.DotnetHost,
            [Assembly, .. arguments],
            environment: new Dictionary<string, string?>
            {
                // A token or data directory in the developer's own environment must not leak into the tests.
                ["P2PCLINIC_TOKEN"] = null,
                ["P2PCLINIC_DATA"] = null,
                ["P2PCLINIC_DATA_DIR"] = null,
                ["P2PCLINIC_TRACE"] = null,
            },
            standardInput: standardInput);
    }
}
