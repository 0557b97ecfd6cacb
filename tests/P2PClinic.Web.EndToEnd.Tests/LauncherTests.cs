namespace P2PClinic.Web.EndToEnd.Tests;

/// <summary>The README's run command: its three processes stop with it, however it stops.</summary>
public sealed class LauncherTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task StoppingTheLauncherStopsTheNodeTheWebAppAndTheSignalingServer()
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
    public async Task ALauncherKilledWithoutWarningStillTakesItsChildrenDown()
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
