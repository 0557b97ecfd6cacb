using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;
using P2PClinic.Tests.Greeter.V1;

namespace P2PClinic.Host.Tests;

/// <summary>What the API reported as done is on disk: it survives SIGKILL, and leaving an org removes it from disk.</summary>
public sealed class DurabilityTests
{
    private static TestNodeOptions WithTestPlugins(string? dataDirectory = null) => new()
    {
        LoadBuiltInPlugins = false,
        PluginDirectories = [PluginNodeFixture.TestPluginsDirectory],
        DataDirectory = dataDirectory,
    };

    [Fact]
    public async Task ChangesReportedDone_SurviveKill9_AndRestart()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("p2pclinic-kill9-").FullName;
        try
        {
            await using var node = await TestNode.StartAsync(WithTestPlugins(dataDirectory));
            var org = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Durable" });
            await node.Orgs.RenameOrgAsync(new RenameOrgRequest { Id = org.Id, Name = "Durable, renamed" });
            var greeter = new Greeter.GreeterClient(node.Channel);
            for (var i = 0; i < 20; i++)
            {
                await greeter.AddNoteAsync(new AddNoteRequest { OrgId = org.Id, NoteId = $"n{i}", Text = $"text {i}" });
            }

            await node.KillAsync();
            await node.RestartAsync();

            var restarted = await node.Orgs.GetOrgAsync(new GetOrgRequest { Id = org.Id });
            Assert.Equal("Durable, renamed", restarted.Name);
            greeter = new Greeter.GreeterClient(node.Channel);
            for (var i = 0; i < 20; i++)
            {
                var note = await greeter.GetNoteAsync(new GetNoteRequest { OrgId = org.Id, NoteId = $"n{i}" });
                Assert.True(note.Found, $"note n{i} survived");
                Assert.Equal($"text {i}", note.Text);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task GracefulStop_ExitsZero_AndKeepsTheData()
    {
        await using var node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false });
        var org = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Kept" });

        var exitCode = await node.StopAsync();
        await node.RestartAsync();

        Assert.Equal(0, exitCode);
        Assert.Equal("Kept", (await node.Orgs.GetOrgAsync(new GetOrgRequest { Id = org.Id })).Name);
    }

    [Fact]
    public async Task LeaveOrg_LeavesTheMarkerNowhereUnderTheDataDirectory()
    {
        await using var node = await TestNode.StartAsync(WithTestPlugins());
        var marker = $"marker-{Guid.NewGuid():N}";
        var keep = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Keep" });
        var leave = await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = marker });
        var greeter = new Greeter.GreeterClient(node.Channel);
        await greeter.AddNoteAsync(new AddNoteRequest { OrgId = leave.Id, NoteId = "secret", Text = marker });
        await greeter.AddNoteAsync(new AddNoteRequest { OrgId = keep.Id, NoteId = "kept", Text = "still here" });
        Assert.NotEmpty(DataFiles.Containing(node.DataDirectory, marker));

        await node.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = leave.Id });

        Assert.Empty(DataFiles.Containing(node.DataDirectory, marker));
        Assert.True((await greeter.GetNoteAsync(new GetNoteRequest { OrgId = keep.Id, NoteId = "kept" })).Found);
    }
}
