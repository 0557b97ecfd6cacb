using System.Text.Json;

namespace P2PClinic.Cli.Tests;

/// <summary><c>p2pclinic node status</c>, <c>p2pclinic plugins list</c>, and how the token is found, against a real node.</summary>
public sealed class NodeAndPluginCommandTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    [Fact]
    public async Task NodeStatusJsonReportsTheNodeAndItsPlugins()
    {
        var result = await fixture.RunAsync("node", "status", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var status = JsonDocument.Parse(result.StandardOutput).RootElement;
        Assert.Equal(fixture.Node.HttpAddress.ToString().TrimEnd('/'), status.GetProperty("address").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", status.GetProperty("version").GetString());
        Assert.Equal(fixture.Node.DataDirectory, status.GetProperty("dataDirectory").GetString());
        Assert.True(status.GetProperty("uptimeSeconds").GetDouble() >= 0);
        var host = status.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "p2pclinic.host");
        Assert.Equal("running", host.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, host.GetProperty("failureReason").ValueKind);
    }

    [Fact]
    public async Task NodeStatusTableShowsVersionAndDataDirectory()
    {
        var json = JsonDocument.Parse((await fixture.RunAsync("node", "status", "--json")).StandardOutput).RootElement;

        var result = await fixture.RunAsync("node", "status");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(json.GetProperty("version").GetString()!, result.StandardOutput);
        Assert.Contains(fixture.Node.DataDirectory, result.StandardOutput);
        Assert.Contains("p2pclinic.host", result.StandardOutput);
    }

    [Fact]
    public async Task PluginsListJsonAndTableAgree()
    {
        var json = await fixture.RunAsync("plugins", "list", "--json");
        var table = await fixture.RunAsync("plugins", "list");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.True(table.ExitCode == 0, table.ToString());
        var plugins = JsonDocument.Parse(json.StandardOutput).RootElement.EnumerateArray().ToList();
        Assert.Contains(plugins, p => p.GetProperty("id").GetString() == "p2pclinic.host");
        foreach (var plugin in plugins)
        {
            Assert.Contains(plugin.GetProperty("state").GetString(), new[] { "running", "degraded", "failed", "disabled" });
            Assert.Contains(plugin.GetProperty("id").GetString()!, table.StandardOutput);
        }
    }

    [Fact]
    public async Task TheTokenCanComeFromTheEnvironmentInsteadOfTheDataDirectory()
    {
        var result = await CliRunner.RunAsync(
            ["plugins", "list", "--json", "--node", fixture.Node.HttpAddress.ToString()],
            new Dictionary<string, string?> { ["P2PCLINIC_TOKEN"] = fixture.Node.Token, ["P2PCLINIC_DATA"] = null, ["P2PCLINIC_DATA_DIR"] = null });

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task TheTokenIsFoundInTheDataDirectoryTheNodeItselfWouldUse()
    {
        var result = await CliRunner.RunAsync(
            ["org", "list", "--json", "--node", fixture.Node.HttpAddress.ToString()],
            new Dictionary<string, string?> { ["P2PCLINIC_DATA"] = fixture.Node.DataDirectory });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(result.StandardOutput).RootElement.ValueKind);
    }

    [Fact]
    public async Task AWrongTokenIsRejectedInOneLineWithExitCode4()
    {
        var result = await CliRunner.RunAsync(
            ["org", "list", "--node", fixture.Node.HttpAddress.ToString()],
            new Dictionary<string, string?> { ["P2PCLINIC_TOKEN"] = "not-the-token" });

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("error: the node rejected the token", WithoutANodeTests.SingleLine(result.StandardError));
        Assert.Equal("", result.StandardOutput);
    }
}
