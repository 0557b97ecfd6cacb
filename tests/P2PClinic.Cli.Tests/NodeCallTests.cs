using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using P2PClinic.Cli.Internal;
using P2PClinic.Client;

namespace P2PClinic.Cli.Tests;

/// <summary>The deadline each call of a command gets (in process, on fake time).</summary>
public sealed class NodeCallTests
{
    [Fact]
    public void EachCallGetsItsOwnDeadlineSoALongListingHasNoTotalOne()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = new Uri("http://127.0.0.1:1"), Token = "token" });
        var call = new NodeCall(connection, null!, json: false, TimeSpan.FromSeconds(30), time, CancellationToken.None);

        var firstPage = call.Options.Deadline;
        // Many pages later, far past one wait from the start of the command.
        time.Advance(TimeSpan.FromMinutes(10));
        var laterPage = call.Options.Deadline;

        Assert.Equal(new DateTime(2026, 12, 3, 12, 0, 30, DateTimeKind.Utc), firstPage);
        Assert.Equal(new DateTime(2026, 12, 3, 12, 10, 30, DateTimeKind.Utc), laterPage);
    }

    [Theory]
    [InlineData(30, 600)]
    [InlineData(900, 900)]
    public void AFileTransferWaitsTenMinutesOrTheTimeoutOptionWhenLonger(int timeoutSeconds, int expectedSeconds)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = new Uri("http://127.0.0.1:1"), Token = "token" });
        var call = new NodeCall(connection, null!, json: false, TimeSpan.FromSeconds(timeoutSeconds), time, CancellationToken.None);

        Assert.Equal(new DateTime(2026, 12, 3, 12, 0, 0, DateTimeKind.Utc).AddSeconds(expectedSeconds), call.FileTransferOptions.Deadline);
    }

    [Fact]
    public async Task AnImportPastItsDeadlineSaysTheImportsWaitNotTheTimeoutOptions()
    {
        using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = new Uri("http://127.0.0.1:1"), Token = "token" });
        var call = new NodeCall(connection, null!, json: true, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None);
        var kind = new ImportRun.Kind<int>(
            "card",
            (_, _) => throw new RpcException(new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")),
            _ => (0, 0),
            _ => default,
            _ => [],
            _ => [],
            PartsAreSlices: true);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => ImportRun.RunAsync(call, [new ImportParts.Part([], [1], [1])], kind));
        var error = CliError.From(exception, call.Address, call.Timeout);

        Assert.Equal(6, error.ExitCode);
        Assert.Equal("the node at http://127.0.0.1:1 did not answer within 600 s: it is running but busy or stalled; try again, or wait longer with --timeout", error.Message);
    }
}
