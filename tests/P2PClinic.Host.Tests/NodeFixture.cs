using P2PClinic.Testing;

namespace P2PClinic.Host.Tests;

/// <summary>One real node shared by the tests of a class (each test creates its own orgs, so they do not interfere).</summary>
public sealed class NodeFixture : P2PClinic.Testing.NodeFixture
{
    protected override TestNodeOptions Options => new() { LoadBuiltInPlugins = false };
}
