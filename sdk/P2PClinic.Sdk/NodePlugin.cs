using Microsoft.Extensions.DependencyInjection;

namespace P2PClinic.Sdk;

/// <summary>
/// The entry point of a plugin: the node creates one instance of the single non-abstract subclass found in
/// the plugin's main assembly (it needs a public parameterless constructor) and calls its hooks in this
/// order: <see cref="ConfigureServices"/>, <see cref="MapEndpoints"/>, <see cref="OnNodeStartedAsync"/>,
/// then org and stop notifications. The plugin's manifest (id, dependencies) is declared with
/// <see cref="PluginAttribute"/> and <see cref="PluginDependencyAttribute"/> on its assembly.
/// </summary>
/// <remarks>
/// A hook that throws marks the plugin failed (with the exception as the reason) and the node carries on
/// without it; plugins that depend on it are not started either.
/// </remarks>
public abstract class NodePlugin
{
    /// <summary>Registers the plugin's services in the node's container. Runs once, before the node starts.</summary>
    /// <param name="services">The services the plugin adds; committed to the node only if this method returns normally.</param>
    /// <param name="context">Who the plugin is and where it was loaded from.</param>
    public virtual void ConfigureServices(IServiceCollection services, PluginContext context)
    {
    }

    /// <summary>Maps the plugin's gRPC services on the node's API. Runs once, after every plugin configured its services.</summary>
    /// <param name="endpoints">The node's API, seen through what a plugin may map.</param>
    public virtual void MapEndpoints(IPluginEndpointBuilder endpoints)
    {
    }

    /// <summary>Runs once the node's services exist, after the plugins this one depends on started.</summary>
    /// <param name="services">The node's services, including this plugin's own.</param>
    /// <param name="cancellationToken">Cancelled when the node shuts down before startup finished.</param>
    public virtual Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs when the node shuts down, before the plugins this one depends on stop. Failures are logged, not rethrown.</summary>
    /// <param name="cancellationToken">Cancelled when shutdown's grace period ends.</param>
    public virtual Task OnNodeStoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after an org's document was opened (rebuilt from disk), whoever opened it.</summary>
    /// <param name="document">The open document.</param>
    /// <param name="cancellationToken">Cancelled when the node shuts down.</param>
    public virtual Task OnOrgOpenedAsync(IOrgDocument document, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs after an org's document was closed because the node left the org or shuts down.</summary>
    /// <param name="orgId">The org whose document closed.</param>
    /// <param name="cancellationToken">Cancelled when the node shuts down.</param>
    public virtual Task OnOrgClosedAsync(Guid orgId, CancellationToken cancellationToken) => Task.CompletedTask;
}
