using P2PClinic.Testing;

namespace P2PClinic.Host.Tests.Hosting;

/// <summary>Where a node keeps its data when it is started with no data directory at all, as a newcomer starts it.</summary>
public sealed class DefaultDataDirectoryTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task NoDataDirectoryGiven_UsesThePerUserDataHome_NotTheWorkingDirectory()
    {
        // XDG_DATA_HOME points at a file, so the node must refuse to start, and its one-line error names the
        // directory it chose: <XDG_DATA_HOME>/p2pclinic. That proves the default without touching the real home.
        var dataHome = Path.GetTempFileName();
        try
        {
            var (exitCode, output) = await NodeProcessRun.RunToExitAsync(
                ["--port", "0", "--grpc-port", "0", "--no-builtin-plugins"],
                new Dictionary<string, string> { ["XDG_DATA_HOME"] = dataHome },
                ExitTimeout);

            Assert.Equal(3, exitCode);
            Assert.Contains(Path.Combine(dataHome, "p2pclinic"), output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(dataHome);
        }
    }
}
