using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>One real node shared by the tests of a class (each test creates its own orgs, so they do not interfere).</summary>
public sealed class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(new TestNodeOptions { LoadBuiltInPlugins = false });

    public async Task DisposeAsync() => await Node.DisposeAsync();
}
