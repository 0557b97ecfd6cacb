using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using P2PClinic.Plugins.Contacts.Internal;
using P2PClinic.Plugins.Contacts.Internal.Api;
using P2PClinic.Sdk;

namespace P2PClinic.Plugins.Contacts;

/// <summary>
/// The contacts plugin: contacts stored field by field under the <c>contacts</c> root of each org's document,
/// served by <c>p2pclinic.contacts.v1.ContactService</c>, with vCard import and export.
/// </summary>
public sealed class ContactsPlugin : NodePlugin
{
    private ContactBooks? _books;

    /// <inheritdoc/>
    public override void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ContactBooks>();
    }

    /// <inheritdoc/>
    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<ContactGrpcService>();

    /// <inheritdoc/>
    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _books = services.GetRequiredService<ContactBooks>();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnOrgClosedAsync(Guid orgId, CancellationToken cancellationToken)
    {
        _books?.Forget(orgId);
        return Task.CompletedTask;
    }
}
