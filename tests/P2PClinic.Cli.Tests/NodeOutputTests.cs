using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using P2PClinic.Testing;

namespace P2PClinic.Cli.Tests;

/// <summary>What a node prints while CLI calls come in, and when it is ready. Each test runs its own node, to stop it and read everything.</summary>
public sealed class NodeOutputTests
{
    private const string RequestCategory = "P2PClinic.Requests[40]";

    [Fact]
    public async Task WithLogRequestsEachCliCallLogsExactlyOneLine()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { ExtraArguments = ["--log-requests"] });

        var after = await CallsAsync(node);

        var requests = after.Where(line => line.Contains(RequestCategory, StringComparison.Ordinal)).ToList();
        Assert.True(requests.Count == 5, string.Join("\n", after));
        Assert.Equal(3, requests.Count(line => line.Contains(" POST /p2pclinic.orgs.v1.OrgService/ListOrgs 200 ", StringComparison.Ordinal)));
        Assert.Equal(2, requests.Count(line => line.Contains(" POST /p2pclinic.node.v1.NodeService/GetStatus 200 ", StringComparison.Ordinal)));
        Assert.DoesNotContain(after, line => line.Contains("Microsoft.AspNetCore", StringComparison.Ordinal) || line.Contains("Grpc.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ByDefaultCliCallsLogNothing()
    {
        await using var node = await TestNode.StartAsync();

        var after = await CallsAsync(node);

        Assert.True(!after.Any(line => line.Contains(RequestCategory, StringComparison.Ordinal) || line.Contains("/p2pclinic.", StringComparison.Ordinal) || line.Contains("Microsoft.AspNetCore", StringComparison.Ordinal)), string.Join("\n", after));
    }

    [Fact]
    public async Task TheReadyLineComesOnceAfterEveryPluginStartedAndNamesBothAddresses()
    {
        await using var node = await TestNode.StartAsync();
        // The log is written by the logger's own thread, so it may trail the listening line the harness waited for.
        for (var i = 0; i < 300 && !node.Output.Contains(" ready: API ", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }

        var lines = Lines(node.Output);
        var ready = Assert.Single(lines, line => line.Contains(" ready: API ", StringComparison.Ordinal));
        var at = lines.IndexOf(ready);
        Assert.Contains($"ready: API {node.HttpAddress.ToString().TrimEnd('/')} (gRPC-web and JSON; the CLI's --node), native gRPC {node.GrpcAddress.ToString().TrimEnd('/')}; data directory {node.DataDirectory}", ready, StringComparison.Ordinal);
        var started = lines.Select((line, i) => (line, i)).Where(x => x.line.Contains("Plugin p2pclinic.", StringComparison.Ordinal) && x.line.Contains(" started", StringComparison.Ordinal)).ToList();
        Assert.True(started.Count >= 4, node.Output);
        Assert.All(started, x => Assert.True(x.i < at, node.Output));
        Assert.DoesNotContain(lines, line => line.Contains("Application started", StringComparison.Ordinal) || line.Contains("Now listening on", StringComparison.Ordinal));
        // Asked for by the harness (--listening-line): alone on its line.
        Assert.Single(lines, line => line.StartsWith(TestNode.ListeningMarker + " http=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutListeningLineTheMachineReadableLineIsNotPrinted()
    {
        var data = Directory.CreateTempSubdirectory("p2pclinic-node-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { TestNode.DefaultHostAssemblyPath, "--data-dir", data, "--port", "0", "--grpc-port", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // A guard against a hung node, not a measurement.
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(data, recursive: true);
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        Assert.Contains(" ready: API http://127.0.0.1:", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestNode.ListeningMarker, text, StringComparison.Ordinal);

        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }

            if (line.Contains(" ready: API ", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task APluginThatReportsItselfDegradedShowsSoWithItsReasonAndAConfiguredOneRuns()
    {
        await using var unconfigured = await TestNode.StartAsync();
        await using var configured = await TestNode.StartAsync(new TestNodeOptions { ExtraArguments = ["--set", "Plugins:p2pclinic.sync-webrtc:SignalingUrl=http://127.0.0.1:9/"] });

        var degraded = SyncWebRtc(await RunAsync(unconfigured, "plugins", "list", "--json"));
        var table = await RunAsync(unconfigured, "plugins", "list");
        var status = await RunAsync(unconfigured, "node", "status");
        var running = SyncWebRtc(await RunAsync(configured, "plugins", "list", "--json"));

        Assert.Equal("degraded", degraded.GetProperty("state").GetString());
        Assert.StartsWith("cannot share or join orgs: no signaling server is configured", degraded.GetProperty("degradedReason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, degraded.GetProperty("failureReason").ValueKind);
        var row = Assert.Single(Lines(table.StandardOutput), line => line.Contains("p2pclinic.sync-webrtc", StringComparison.Ordinal));
        Assert.Contains("degraded", row, StringComparison.Ordinal);
        Assert.Contains("no signaling server is configured", row, StringComparison.Ordinal);
        Assert.Contains("1 degraded", status.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Plugin p2pclinic.sync-webrtc", unconfigured.Output, StringComparison.Ordinal);
        Assert.Equal("running", running.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("degradedReason").ValueKind);
    }

    /// <summary>Five CLI calls (five requests), then the node stopped so that all it printed is in; returns what it printed after it was ready.</summary>
    private static async Task<List<string>> CallsAsync(TestNode node)
    {
        foreach (var command in new[] { "org list", "node status", "org list", "node status", "org list" })
        {
            var result = await RunAsync(node, [.. command.Split(' ')]);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        Assert.Equal(0, await node.StopAsync());
        var lines = Lines(node.Output);
        return lines.Skip(lines.FindIndex(line => line.StartsWith(TestNode.ListeningMarker, StringComparison.Ordinal)) + 1).ToList();
    }

    private static JsonElement SyncWebRtc(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput).RootElement.EnumerateArray().Single(p => p.GetProperty("id").GetString() == "p2pclinic.sync-webrtc");
    }

    private static List<string> Lines(string text) => [.. text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static Task<ProcessResult> RunAsync(TestNode node, params string[] arguments) =>
        CliRunner.RunAsync([.. arguments, "--node", node.HttpAddress.ToString(), "--data-dir", node.DataDirectory]);
}
