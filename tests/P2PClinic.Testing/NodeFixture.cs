using P2PClinic.Api.Orgs.V1;
using Xunit;

namespace P2PClinic.Testing;

/// <summary>
/// One real node (the built host as a child process) shared by the tests of a class, which make their own orgs so
/// that they never see each other's data. A project derives from it to say how the node starts and to add the
/// clients of its plugin.
/// </summary>
public class NodeFixture : IAsyncLifetime
{
    public TestNode Node { get; private set; } = null!;

    /// <summary>How the node starts (built-in plugins included by default).</summary>
    protected virtual TestNodeOptions Options => new();

    public async Task InitializeAsync() => Node = await TestNode.StartAsync(Options);

    public virtual async Task DisposeAsync() => await Node.DisposeAsync();

    /// <summary>A fresh org named <paramref name="name"/> and a random suffix; its id.</summary>
    public async Task<string> NewOrgAsync(string name = "Test") =>
        (await Node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = name + " " + Guid.NewGuid().ToString("N")[..8] })).Id;
}
