using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>One real node process (random loopback ports, temp data directory) shared by a test class.</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync();

    public async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>Runs p2pclinic against this node, the token found through <c>--data-dir</c> as a user would.</summary>
    public Task<ProcessResult> RunAsync(params string[] arguments) =>
        CliRunner.RunAsync([.. arguments, "--node", Node.HttpAddress.ToString(), "--data-dir", Node.DataDirectory]);
}
