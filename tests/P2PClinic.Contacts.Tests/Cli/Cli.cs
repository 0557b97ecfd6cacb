using System.Reflection;
using P2PClinic.Testing;

namespace P2PClinic.Contacts.Tests.Cli;

/// <summary>Runs the built CLI as a child process.</summary>
public static class Cli
{
    private static string Assembly { get; } = typeof(Cli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "P2PClinic.CliAssembly").Value!;

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments)
    {
        Assert.True(File.Exists(Assembly), $"the CLI was not built at {Assembly}");
        return ProcessRunner.RunAsync(
            ProcessRunner.DotnetHost,
            [Assembly, .. arguments],
            environment: new Dictionary<string, string?> { ["P2PCLINIC_TOKEN"] = null });
    }
}
