using System.Diagnostics;
using System.Globalization;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>
/// A node that is there but does not answer (a paused process: its kernel still accepts connections) is "slow", with its
/// own message and exit code; a node that is gone is "unreachable". Each test runs its own node, to pause or stop it.
/// </summary>
public sealed class SlowNodeTests
{
    [Fact]
    public async Task ANodeThatTakesTheCallButDoesNotAnswerIsSlowWithExit6()
    {
        await using var node = await TestNode.StartAsync();
        Signal("STOP", node.ProcessId!.Value);
        try
        {
            var result = await CliRunner.RunAsync(["org", "list", "--timeout", "2", "--node", node.HttpAddress.ToString(), "--data-dir", node.DataDirectory]);

            Assert.Equal(6, result.ExitCode);
            Assert.Equal(
                $"error: the node at {node.HttpAddress.ToString().TrimEnd('/')} did not answer within 2 s: it is running but busy or stalled; try again, or wait longer with --timeout",
                WithoutANodeTests.SingleLine(result.StandardError));
        }
        finally
        {
            Signal("CONT", node.ProcessId!.Value);
        }
    }

    [Fact]
    public async Task ANodeThatIsGoneIsUnreachableWithExit3()
    {
        await using var node = await TestNode.StartAsync();
        await node.StopAsync();

        var result = await CliRunner.RunAsync(["org", "list", "--timeout", "2", "--node", node.HttpAddress.ToString(), "--data-dir", node.DataDirectory]);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"error: cannot reach the node at {node.HttpAddress.ToString().TrimEnd('/')}: connection refused", WithoutANodeTests.SingleLine(result.StandardError));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("100000")]
    public async Task ATimeoutThatIsNotAPositiveNumberOfSecondsIsAUsageError(string timeout)
    {
        var result = await CliRunner.RunAsync(["org", "list", "--timeout", timeout, "--node", "http://127.0.0.1:1"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--timeout", WithoutANodeTests.SingleLine(result.StandardError), StringComparison.Ordinal);
    }

    private static void Signal(string signal, int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, processId.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
