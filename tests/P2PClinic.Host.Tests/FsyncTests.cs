using System.Diagnostics;
using System.Text.RegularExpressions;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;
using P2PClinic.Tests.Greeter.V1;

namespace P2PClinic.Host.Tests;

/// <summary>
/// "An update reported as stored is durable" means an fsync before the answer. Killing a node keeps the page cache,
/// so kill tests cannot see a missing fsync; strace attached to the real node counts them.
/// </summary>
public sealed partial class FsyncTests
{
    private const int Writes = 20;

    [Fact]
    public async Task EveryAcknowledgedWrite_IsFollowedByAnFsyncOfTheLog()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions
        {
            LoadBuiltInPlugins = false,
            PluginDirectories = [PluginNodeFixture.TestPluginsDirectory],
        });
        var org = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Synced" });
        var greeter = new Greeter.GreeterClient(node.Channel);
        await greeter.AddNoteAsync(new AddNoteRequest { OrgId = org.Id, NoteId = "warm-up", Text = "x" });
        var trace = Path.Combine(node.DataDirectory, "..", $"fsync-{Guid.NewGuid():N}.trace");

        using var strace = StartStrace(node.ProcessId!.Value, trace);
        try
        {
            // strace says on stderr when it has attached to the node's threads; only then do the writes count.
            while (await strace.StandardError.ReadLineAsync() is { } line && !line.Contains("attached", StringComparison.Ordinal))
            {
            }

            for (var i = 0; i < Writes; i++)
            {
                await greeter.AddNoteAsync(new AddNoteRequest { OrgId = org.Id, NoteId = $"n{i}", Text = $"text {i}" });
            }
        }
        finally
        {
            using (var stop = Process.Start("kill", ["-TERM", strace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await stop.WaitForExitAsync();
            }

            await strace.WaitForExitAsync();
        }

        var syncs = SuccessfulSync().Matches(await File.ReadAllTextAsync(trace)).Count;
        File.Delete(trace);

        // One fsync/fdatasync of the WAL per write at least (sequential writes cannot share a group commit).
        Assert.True(syncs >= Writes, $"{syncs} successful fsync/fdatasync calls for {Writes} acknowledged writes");
    }

    private static Process StartStrace(int processId, string output)
    {
        var start = new ProcessStartInfo("strace") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", "-e", "trace=fsync,fdatasync", "-o", output, "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MissingToolException("strace", e);
        }
    }

    [GeneratedRegex(@"\b(fsync|fdatasync)\(\d+\)\s+= 0")]
    private static partial Regex SuccessfulSync();
}
