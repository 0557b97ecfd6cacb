using P2PClinic.Sdk;

namespace P2PClinic.Tests.ThrowsOnStart;

/// <summary>Fails when the node starts it.</summary>
public sealed class ThrowsOnStartNodePlugin : NodePlugin
{
    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("start is broken on purpose");
}
