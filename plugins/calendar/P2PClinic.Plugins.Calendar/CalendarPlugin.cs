using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using P2PClinic.Plugins.Calendar.Internal;
using P2PClinic.Plugins.Calendar.Internal.Api;
using P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Calendar;

/// <summary>
/// The calendar plugin: events stored field by field under the <c>events</c> root of each org's document, served
/// by <c>p2pclinic.calendar.v1.CalendarService</c>, with iCalendar import and export, and
/// <see cref="ICalendarOccurrences"/> for other plugins.
/// </summary>
public sealed class CalendarPlugin : NodePlugin
{
    private OccurrenceExpander? _expander;

    /// <inheritdoc/>
    public override void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<OccurrenceExpander>();
        services.AddSingleton<CalendarDocuments>();
        services.AddSingleton<ICalendarOccurrences, CalendarOccurrences>();
    }

    /// <inheritdoc/>
    public override void MapEndpoints(IPluginEndpointBuilder endpoints) => endpoints.MapGrpcService<CalendarGrpcService>();

    /// <inheritdoc/>
    public override Task OnNodeStartedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        _expander = services.GetRequiredService<OccurrenceExpander>();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task OnOrgClosedAsync(Guid orgId, CancellationToken cancellationToken)
    {
        _expander?.Forget(orgId);
        return Task.CompletedTask;
    }
}
