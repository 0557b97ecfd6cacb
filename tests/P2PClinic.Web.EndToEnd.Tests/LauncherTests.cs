namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>The README's run command: its three processes stop with it, however it stops.</summary>
public sealed class LauncherTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Stopping_the_launcher_stops_the_node_the_web_app_and_the_signaling_server()
    {
        await using var clinic = await LaunchedClinic.StartAsync();
        using var node = clinic.NodeProcess();
        using var web = clinic.ChildRunning("P2PClinic.Web.dll");
        using var signaling = clinic.ChildRunning("P2PClinic.Signaling.dll");

        Assert.Equal(0, await clinic.StopAsync());

        // The launcher waits for its children before it exits: they are gone by now.
        Assert.True(node.HasExited, "the node outlived the launcher");
        Assert.True(web.HasExited, "the web app outlived the launcher");
        Assert.True(signaling.HasExited, "the signaling server outlived the launcher");
    }

    [Fact]
    public async Task A_launcher_killed_without_warning_still_takes_its_children_down()
    {
        await using var clinic = await LaunchedClinic.StartAsync();
        using var node = clinic.NodeProcess();
        using var web = clinic.ChildRunning("P2PClinic.Web.dll");

        await clinic.KillLauncherAsync();

        // Only the watchdogs can stop them now (the launcher's pipe closed with it).
        await node.WaitForExitAsync().WaitAsync(HangGuard);
        await web.WaitForExitAsync().WaitAsync(HangGuard);
    }
}
