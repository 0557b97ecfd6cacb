namespace P2PClinic.Cli.Tests;

/// <summary>The options that point a CLI process at a <see cref="NodeFixture"/>'s node, as <see cref="NodeFixture.RunAsync"/> passes them.</summary>
public static class NodeFixtureArguments
{
    public static string[] NodeArguments(this NodeFixture fixture) =>
        ["--node", fixture.Node.HttpAddress.ToString(), "--data-dir", fixture.Node.DataDirectory];
}
