using P2PClinic.Sdk;
using P2PClinic.Tests.Plugins;

namespace P2PClinic.Tests.FailedDependency;

/// <summary>A plugin the node must refuse to start (see its project for why); if it ever starts, the start log shows it.</summary>
public sealed class FailedDependencyNodePlugin : NodePlugin
{
    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        StartLog.Record(GetType().Name);
        return Task.CompletedTask;
    }
}
