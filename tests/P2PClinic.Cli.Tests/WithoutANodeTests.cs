using System.Net;
using System.Net.Sockets;

namespace P2PClinic.Cli.Tests;

/// <summary>What the CLI says when there is no node to talk to, or the command line is wrong.</summary>
public sealed class WithoutANodeTests
{
    [Fact]
    public async Task AnyCommandWithNoNodeListeningSaysItCannotReachTheNodeAndExits3()
    {
        var address = $"http://127.0.0.1:{UnusedPort()}";

        var result = await CliRunner.RunAsync(["org", "list", "--node", address], Token("some-token"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: cannot reach the node at {address}: connection refused", SingleLine(result.StandardError));
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task NoTokenAnywhereNamesTheFileItLookedForAndExits4()
    {
        var empty = Directory.CreateTempSubdirectory("p2pclinic-cli-");
        try
        {
            var result = await CliRunner.RunAsync(["node", "status", "--node", "http://127.0.0.1:1", "--data-dir", empty.FullName]);

            Assert.Equal(4, result.ExitCode);
            var line = SingleLine(result.StandardError);
            Assert.StartsWith("error: no node token at ", line);
            Assert.Contains(empty.FullName, line);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ANodeAddressThatIsNotAUrlIsAUsageError()
    {
        var result = await CliRunner.RunAsync(["org", "list", "--node", "not a url"], Token("some-token"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: 'not a url' is not a node address (expected a URL such as http://127.0.0.1:5080)", SingleLine(result.StandardError));
    }

    [Fact]
    public async Task APlainHttpNodeThatIsNotLoopbackNeverGetsTheToken()
    {
        var result = await CliRunner.RunAsync(["org", "list", "--node", "http://192.0.2.1:5080"], Token("some-token"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: refusing to send the node token in clear text to 192.0.2.1: use https or a loopback address", SingleLine(result.StandardError));
    }

    [Fact]
    public async Task AnUnknownCommandIsAUsageErrorOnOneLine()
    {
        var result = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: Unknown command 'frobnicate'.", SingleLine(result.StandardError));
    }

    [Fact]
    public async Task AMissingArgumentIsAUsageErrorOnOneLine()
    {
        var result = await CliRunner.RunAsync("org", "rename", "Clinic");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: Command 'rename' is missing required argument 'new-name'.", SingleLine(result.StandardError));
    }

    [Fact]
    public async Task HelpListsEveryCommandGroup()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("node", result.StandardOutput);
        Assert.Contains("org", result.StandardOutput);
        Assert.Contains("plugins", result.StandardOutput);
    }

    internal static Dictionary<string, string?> Token(string token) => new() { ["P2PCLINIC_TOKEN"] = token };

    /// <summary>The one line an error must be: no stack trace, no second line.</summary>
    internal static string SingleLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"expected exactly one line, got {lines.Length}:\n{text}");
        return lines[0];
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
