using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;
using P2PClinic.Tests.Greeter.V1;

namespace P2PClinic.Host.Tests;

/// <summary>The data directory holds health data: it and everything in it are readable by its owner only.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataDirectoryPermissionTests
{
    private const UnixFileMode GroupAndOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    public async Task ANewDataDirectory_AndEveryFileInIt_AreOwnerOnly_AndAnotherUserCannotReadAnyFile()
    {
        var parent = Directory.CreateTempSubdirectory("p2pclinic-perm-").FullName;
        // The parent is open to everyone, so only the data directory's own modes can keep another user out.
        File.SetUnixFileMode(parent, (UnixFileMode)0b111_101_101);
        var dataDirectory = Path.Combine(parent, "node");
        try
        {
            await using (var node = await StartAsync(dataDirectory))
            {
                var org = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Clinic" });
                await new Greeter.GreeterClient(node.Channel).AddNoteAsync(new AddNoteRequest { OrgId = org.Id, NoteId = "n", Text = "health data" });
                await node.StopAsync();
            }

            var entries = Directory.EnumerateFileSystemEntries(dataDirectory, "*", SearchOption.AllDirectories).Append(dataDirectory).ToList();
            Assert.Contains(entries, e => e.EndsWith(".sst", StringComparison.Ordinal) || e.EndsWith(".log", StringComparison.Ordinal));
            Assert.All(entries, e => Assert.True((File.GetUnixFileMode(e) & GroupAndOther) == 0, $"{e} is {File.GetUnixFileMode(e)}"));
            foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
            {
                var read = await ProcessRunner.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "cat", file]);
                Assert.True(read.ExitCode != 0, $"user 65534 read {file}");
            }
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task AnExistingOpenDataDirectory_IsTightenedAtStart_WithALogLine()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("p2pclinic-perm-").FullName;
        try
        {
            File.SetUnixFileMode(dataDirectory, (UnixFileMode)0b111_101_101);
            var leftover = Path.Combine(dataDirectory, "notes.txt");
            await File.WriteAllTextAsync(leftover, "from an older version");
            File.SetUnixFileMode(leftover, (UnixFileMode)0b110_100_100);

            await using var node = await StartAsync(dataDirectory);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDirectory));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(leftover));
            Assert.Contains($"Tightened the permissions of 2 entr(ies) under {dataDirectory}", node.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static Task<TestNode> StartAsync(string dataDirectory) => TestNode.StartAsync(new TestNodeOptions
    {
        LoadBuiltInPlugins = false,
        PluginDirectories = [PluginNodeFixture.TestPluginsDirectory],
        DataDirectory = dataDirectory,
    });
}
