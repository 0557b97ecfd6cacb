using System.Text.Json;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary><c>reminder watch</c> when its node goes down: each test runs its own node, to stop it.</summary>
public sealed class ReminderWatchNodeDownTests
{
    // Long enough that the reminder is stored and the node killed before it comes due, even on a loaded machine.
    private const int SecondsUntilDue = 15;

    [Fact]
    public async Task WatchMarksAReminderThatCameDueWhileTheNodeWasDownAsLate()
    {
        await using var node = await TestNode.StartAsync();
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Late" })).Id;
        var eventId = Json(await RunAsync(node, "event", "add", "Follow-up call", "--in", org, "--start", "+1h", "--json")).GetProperty("id").GetString()!;
        var reminder = Json(await RunAsync(node, "reminder", "add", "--in", org, "--event", eventId, "--at", $"+{SecondsUntilDue}s", "--json"));
        var due = reminder.GetProperty("at").GetDateTimeOffset();

        await node.KillAsync();
        Assert.True(DateTimeOffset.UtcNow < due, "the node must be down before the reminder comes due; the machine was too slow for this test");
        await Eventually.PastAsync(due);
        await node.RestartAsync();
        await using var watch = CliProcess.Start(["reminder", "watch", "--in", org, "--json", "--node", node.HttpAddress.ToString(), "--data-dir", node.DataDirectory]);
        var line = JsonDocument.Parse(await watch.ReadLineAsync()).RootElement;
        await watch.InterruptAsync();
        var result = await watch.WaitForExitAsync();

        Assert.Equal(reminder.GetProperty("id").GetString(), line.GetProperty("reminderId").GetString());
        Assert.True(line.GetProperty("late").GetBoolean(), line.ToString());
        Assert.Equal(due, line.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task WatchEndsWithExit3WhenTheNodeStops()
    {
        await using var node = await TestNode.StartAsync();
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Stopping" })).Id;
        var eventId = Json(await RunAsync(node, "event", "add", "Ward round", "--in", org, "--start", "+1h", "--json")).GetProperty("id").GetString()!;
        Json(await RunAsync(node, "reminder", "add", "--in", org, "--event", eventId, "--at", "now", "--json"));
        await using var watch = CliProcess.Start(["reminder", "watch", "--in", org, "--include-due", "--node", node.HttpAddress.ToString(), "--data-dir", node.DataDirectory]);
        // The due reminder arriving shows the stream is open: stopping the node now ends it rather than refusing a connection.
        await watch.ReadLineAsync();

        await node.StopAsync();
        var result = await watch.WaitForExitAsync();

        Assert.Equal(3, result.ExitCode);
        // The first line on stderr said what the watch covers; the last says why it ended.
        Assert.Equal($"error: the node at {node.HttpAddress.ToString().TrimEnd('/')} ended the reminder stream (is it stopping?)", result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1]);
    }

    private static Task<ProcessResult> RunAsync(TestNode node, params string[] arguments) =>
        CliRunner.RunAsync([.. arguments, "--node", node.HttpAddress.ToString(), "--data-dir", node.DataDirectory]);

    private static JsonElement Json(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement;
    }
}
