using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using P2PClinic.Plugins.Reminders.Internal;
using P2PClinic.Plugins.Reminders.Internal.Api;
using P2PClinic.Plugins.Reminders.Internal.Scheduling;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Reminders;

/// <summary>
/// The reminders plugin: reminders of calendar event occurrences stored field by field under the <c>reminders</c>
/// root of each org's document, served by <c>p2pclinic.reminders.v1.ReminderService</c>, fired by a scheduler that
/// follows every org the node holds. Occurrences come from the calendar plugin's <see cref="ICalendarOccurrences"/>.
/// </summary>
public sealed class RemindersPlugin : NodePlugin
{
    private ReminderScheduler? _scheduler;

    /// <inheritdoc/>
    public override void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new ReminderDataDirectory(context.DataDirectory));
        services.AddSingleton(sp => new ReminderPlanner(
            sp.GetService<ICalendarOccurrences>()
            ?? throw new InvalidOperationException($"the node offers no {nameof(ICalendarOccurrences)}: the calendar plugin (p2pclinic.calendar) is not running")));
        services.AddSingleton<ReminderScheduler>();
    }

    /// <inheritdoc/>
    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<ReminderGrpcService>();

    /// <inheritdoc/>
    public override async Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scheduler = services.GetRequiredService<ReminderScheduler>();
        await scheduler.StartAsync(cancellationToken).ConfigureAwait(false);
        _scheduler = scheduler;
    }

    /// <inheritdoc/>
    public override Task OnOrgOpenedAsync(IOrgDocument document, CancellationToken cancellationToken)
    {
        _scheduler?.Attach(document);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnOrgClosedAsync(Guid orgId, CancellationToken cancellationToken)
    {
        _scheduler?.Forget(orgId);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override async Task OnNodeStoppingAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
