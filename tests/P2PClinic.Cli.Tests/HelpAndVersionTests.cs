using System.Text.RegularExpressions;

namespace P2PClinic.Cli.Tests;

/// <summary><c>--version</c>, the help of options that read the environment, and a <c>--node</c> pointed at the wrong port.</summary>
public sealed partial class HelpAndVersionTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task VersionPrintsTheCliVersionWithoutANode()
    {
        var result = await CliRunner.RunAsync("--version");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(CliApplication.Version, result.StandardOutput.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+", CliApplication.Version);
    }

    [Fact]
    public async Task TheDataDirHelpNamesTheVariablesItReadsForWhatTheyHold()
    {
        var help = Collapse((await CliRunner.RunAsync("org", "list", "--help")).StandardOutput);

        Assert.Contains("Default: the token in $P2PCLINIC_TOKEN, else the directory in $P2PCLINIC_DATA or $P2PCLINIC_DATA_DIR, else ~/.local/share/p2pclinic", help, StringComparison.Ordinal);
        Assert.DoesNotContain("Default: $P2PCLINIC_TOKEN", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTokenVariableTheHelpNamesIsTheOneReadAndWinsOverTheDataDirectoryVariable()
    {
        var wrongDirectory = Directory.CreateTempSubdirectory("p2pclinic-cli-").FullName;
        try
        {
            var result = await CliRunner.RunAsync(
                ["org", "list", "--node", fixture.Node.HttpAddress.ToString()],
                new Dictionary<string, string?> { ["P2PCLINIC_TOKEN"] = fixture.Node.Token, ["P2PCLINIC_DATA"] = wrongDirectory });

            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            Directory.Delete(wrongDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task TheDataDirectoryVariablesTheHelpNamesAreReadInItsOrder()
    {
        var result = await CliRunner.RunAsync(
            ["org", "list", "--node", fixture.Node.HttpAddress.ToString()],
            new Dictionary<string, string?> { ["P2PCLINIC_DATA_DIR"] = fixture.Node.DataDirectory });

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task NodePointedAtTheNativeGrpcPortSaysWhichAddressToUseAndExits2()
    {
        var result = await CliRunner.RunAsync(["org", "list", "--node", fixture.Node.GrpcAddress.ToString(), "--data-dir", fixture.Node.DataDirectory]);

        Assert.Equal(2, result.ExitCode);
        var line = WithoutANodeTests.SingleLine(result.StandardError);
        Assert.StartsWith($"error: the address {fixture.Node.GrpcAddress.ToString().TrimEnd('/')} answered HTTP, not the node's gRPC-web API", line, StringComparison.Ordinal);
        Assert.Contains("is it the node's native gRPC port? --node takes its HTTP/1.1 API address, the \"API\" one of the node's ready line", line, StringComparison.Ordinal);
    }

    /// <summary>Help as one line of words: Spectre wraps descriptions in a column, which must not hide a phrase.</summary>
    internal static string Collapse(string text) => Whitespace().Replace(text, " ");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
