using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>One real node process (random loopback ports, temp data directory) shared by a test class.</summary>
public sealed class NodeFixture : P2PClinic.Testing.NodeFixture
{
    /// <summary>Runs p2pclinic against this node, the token found through <c>--data-dir</c> as a user would.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        CliRunner.RunAsync([.. arguments, "--node", Node.HttpAddress.ToString(), "--data-dir", Node.DataDirectory]);
}
