using Microsoft.Extensions.DependencyInjection;
using P2PClinic.Sdk;

namespace P2PClinic.Tests.ThrowsInConfigure;

/// <summary>Registers a service, then throws: the node must drop the registration and mark the plugin failed.</summary>
public sealed class ThrowsInConfigureNodePlugin : NodePlugin
{
    public override void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.AddSingleton<TimeProvider>(new BrokenClock());
        throw new InvalidOperationException("configuration is broken on purpose");
    }

    /// <summary>A clock that fails on every reading: were this registration kept, the node's uptime would fail.</summary>
    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new InvalidOperationException("the broken clock was used");

        public override long GetTimestamp() => throw new InvalidOperationException("the broken clock was used");
    }
}
