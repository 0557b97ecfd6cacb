using Microsoft.Extensions.Logging;

namespace P2PClinic.Plugins.Reminders.Internal;

/// <summary>The plugin's log messages (event ids 4100-4199).</summary>
internal static partial class RemindersLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Reminders scheduler started for {OrgCount} orgs")]
    public static partial void SchedulerStarted(ILogger logger, int orgCount);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "The delivery record of org {OrgId} is unreadable and starts afresh (due reminders of the last days may be delivered again)")]
    public static partial void DeliveryLogUnreadable(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Could not save the delivery record of org {OrgId}")]
    public static partial void DeliveryLogNotSaved(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Deleted {Count} reminders of org {OrgId} whose event is gone")]
    public static partial void OrphansDeleted(ILogger logger, Guid orgId, int count);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Reminders of org {OrgId} could not be scheduled")]
    public static partial void OrgScheduleFailed(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "A reminders scheduler task failed")]
    public static partial void WorkFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Dropped the delivery record of org {OrgId}: the node no longer holds it")]
    public static partial void DeliveryLogDropped(ILogger logger, Guid orgId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Warning, Message = "Org {OrgId} could not be opened for reminders")]
    public static partial void OrgOpenFailed(ILogger logger, Guid orgId, Exception exception);
}
