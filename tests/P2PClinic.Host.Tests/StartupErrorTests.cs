using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>Problems a user can fix end the node with one clear line and a non-zero exit code.</summary>
public sealed class StartupErrorTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CorruptedDataDirectory_ExitsNonZero_WithOneLineNamingThePath()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("p2pclinic-corrupt-").FullName;
        try
        {
            // A node creates its store, then its files are damaged while it is down.
            await using (var node = await TestNode.StartAsync(new TestNodeOptions { DataDirectory = dataDirectory, LoadBuiltInPlugins = false }))
            {
                await node.StopAsync();
            }

            var database = Path.Combine(dataDirectory, "db");
            foreach (var file in Directory.GetFiles(database).Where(f => Path.GetFileName(f) is "CURRENT" || Path.GetFileName(f).StartsWith("MANIFEST", StringComparison.Ordinal)))
            {
                await File.WriteAllTextAsync(file, "this is not a database\n");
            }

            var (exitCode, output) = await NodeProcessRun.RunToExitAsync(["--data-dir", dataDirectory, "--port", "0", "--grpc-port", "0", "--no-builtin-plugins"], ExitTimeout);

            Assert.Equal(3, exitCode);
            var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("p2pclinic-node: cannot use the data directory", line, StringComparison.Ordinal);
            Assert.Contains(dataDirectory, line, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task DataDirectoryThatIsAFile_ExitsNonZero_NamingThePath()
    {
        var path = Path.GetTempFileName();
        try
        {
            var (exitCode, output) = await NodeProcessRun.RunToExitAsync(["--data-dir", path, "--port", "0", "--grpc-port", "0", "--no-builtin-plugins"], ExitTimeout);

            Assert.Equal(3, exitCode);
            Assert.Contains(path, output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--no-such-option")]
    [InlineData("--port")]
    [InlineData("--port", "http")]
    [InlineData("--cors-origin", "not a url")]
    [InlineData("--set")]
    [InlineData("--set", "no-equals-sign")]
    [InlineData("--set", "=value-without-key")]
    public async Task BadCommandLine_ExitsWithUsageError(params string[] arguments)
    {
        var (exitCode, output) = await NodeProcessRun.RunToExitAsync(arguments, ExitTimeout);

        Assert.Equal(2, exitCode);
        Assert.StartsWith("p2pclinic-node: ", output, StringComparison.Ordinal);
    }
}
