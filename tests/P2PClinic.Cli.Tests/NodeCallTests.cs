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
}
