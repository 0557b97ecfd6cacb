using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>
/// One node loaded with every test plugin from tests/plugins (laid out by this project's build), good and broken
/// together: the broken ones must fail alone while the node and the good ones work.
/// </summary>
public sealed class PluginNodeFixture : P2PClinic.Testing.NodeFixture
{
    public static string TestPluginsDirectory => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    public string StartLogPath { get; } = Path.Combine(Path.GetTempPath(), $"p2pclinic-start-{Guid.NewGuid():N}.log");

    protected override TestNodeOptions Options => new()
    {
        LoadBuiltInPlugins = false,
        PluginDirectories = [TestPluginsDirectory],
        Environment = new Dictionary<string, string> { ["P2PCLINIC_TEST_START_LOG"] = StartLogPath },
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(StartLogPath);
    }
}
