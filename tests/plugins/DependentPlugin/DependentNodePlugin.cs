using P2PClinic.Sdk;
using P2PClinic.Tests.Plugins;

namespace P2PClinic.Tests.Dependent;

/// <summary>Depends on the greeter; records when it starts so tests can check the greeter started first.</summary>
public sealed class DependentNodePlugin : NodePlugin
{
    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        StartLog.Record("tests.a-dependent");
        return Task.CompletedTask;
    }
}
