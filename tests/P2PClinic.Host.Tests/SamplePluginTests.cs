using System.Diagnostics;
using Acme.ShiftNotes.V1;
using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>
/// The third-party path end to end: pack the SDK, build the sample plugin against the package (restored from a
/// local folder, as samples/nuget.config says), publish it into a plugins directory and load it with --plugins-dir.
/// </summary>
public sealed class SamplePluginTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task SamplePlugin_BuiltAgainstThePackedSdk_LoadsFromPluginsDirAndAnswers()
    {
        var root = TestNode.RepositoryRoot;
        var feed = Path.Combine(root, "samples", "local-packages");
        // A fresh prerelease version per run: the NuGet cache never serves a stale SDK package.
        var version = $"0.1.0-local.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var pluginsDirectory = Directory.CreateTempSubdirectory("p2pclinic-sample-plugins-").FullName;
        try
        {
            await DotnetAsync(root, "pack", "sdk/P2PClinic.Crdt", "-c", "Release", "-o", feed, $"-p:PackageVersion={version}");
            await DotnetAsync(root, "pack", "sdk/P2PClinic.Sdk", "-c", "Release", "-o", feed, $"-p:PackageVersion={version}");
            await DotnetAsync(root, "publish", "samples/ShiftNotesPlugin", "-c", "Release", "-o", Path.Combine(pluginsDirectory, "acme.shift-notes"), $"-p:P2PClinicSdkVersion={version}");

            await using var node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false, PluginDirectories = [pluginsDirectory] });
            var status = await node.Node.GetStatusAsync(new GetStatusRequest());
            var org = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Ward 3" });
            var notes = new ShiftNotes.ShiftNotesClient(node.Channel);
            await notes.AddShiftNoteAsync(new AddShiftNoteRequest { OrgId = org.Id, Author = "Sam", Text = "Bed 4 needs a new drip at 06:00" });
            var listed = await notes.ListShiftNotesAsync(new ListShiftNotesRequest { OrgId = org.Id });
            var bad = await Assert.ThrowsAsync<RpcException>(async () => await notes.AddShiftNoteAsync(new AddShiftNoteRequest { OrgId = org.Id, Text = " " }));

            var sample = Assert.Single(status.Plugins, p => p.Id == "acme.shift-notes");
            Assert.Equal(PluginState.Running, sample.State);
            Assert.Equal("1.0.0", sample.Version);
            Assert.False(File.Exists(Path.Combine(pluginsDirectory, "acme.shift-notes", "P2PClinic.Sdk.dll")), "the SDK is not shipped with the plugin");
            var note = Assert.Single(listed.Notes);
            Assert.Equal("Sam", note.Author);
            Assert.Equal("Bed 4 needs a new drip at 06:00", note.Text);
            Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
            Assert.StartsWith("text:", bad.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(pluginsDirectory, recursive: true);
            foreach (var package in Directory.Exists(feed) ? Directory.GetFiles(feed, $"*{version}.nupkg") : [])
            {
                File.Delete(package);
            }
        }
    }

    private static async Task DotnetAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(BuildTimeout);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{await output}\n{await error}");
    }
}
