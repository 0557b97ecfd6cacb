using Google.Protobuf.WellKnownTypes;
using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Plugins.Reminders.Internal.Scheduling;
using Proto = P2PClinic.Api.Reminders.V1;

namespace P2PClinic.Plugins.Reminders.Internal.Api;

/// <summary>Converts between the plugin's model and reminders.proto.</summary>
internal static class ReminderMessages
{
    public static Proto.Reminder ToMessage(Reminder reminder, string? eventTitle, DateTimeOffset? nextDue)
    {
        var message = new Proto.Reminder
        {
            Id = reminder.Id,
            EventId = reminder.EventId,
            OccurrenceId = reminder.OccurrenceId ?? "",
            EventTitle = eventTitle ?? "",
            CreatedAt = Timestamp.FromDateTimeOffset(reminder.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(reminder.UpdatedAt),
        };
        if (reminder.LeadTime is { } lead)
        {
            message.LeadTime = Duration.FromTimeSpan(lead);
        }
        else
        {
            message.At = Timestamp.FromDateTimeOffset(reminder.At!.Value);
        }

        if (nextDue is { } next)
        {
            message.NextDueAt = Timestamp.FromDateTimeOffset(next);
        }

        return message;
    }

    public static Proto.DueReminder ToMessage(DueNotice notice)
    {
        var planned = notice.Planned;
        return new Proto.DueReminder
        {
            OrgId = notice.OrgId.ToString("N"),
            ReminderId = planned.Reminder.Id,
            EventId = planned.Reminder.EventId,
            OccurrenceId = planned.Occurrence.OccurrenceId,
            EventTitle = planned.Occurrence.Title,
            OccurrenceStart = Timestamp.FromDateTimeOffset(planned.Occurrence.Start),
            OccurrenceEnd = Timestamp.FromDateTimeOffset(planned.Occurrence.End),
            DueAt = Timestamp.FromDateTimeOffset(planned.DueAt),
            Late = notice.Late,
            Snoozed = planned.Snoozed,
            Redelivered = notice.Redelivered,
        };
    }

    /// <summary>A protobuf Duration as a TimeSpan, refusing what is not one.</summary>
    /// <exception cref="ReminderValidationException">Seconds and nanos disagree in sign, nanos are out of range, or it is beyond a TimeSpan.</exception>
    public static TimeSpan ToTimeSpan(Duration duration, string field)
    {
        try
        {
            return duration.ToTimeSpan();
        }
        catch (InvalidOperationException e)
        {
            throw new ReminderValidationException(field, $"is not a valid duration ({e.Message})");
        }
    }

    /// <summary>A protobuf Timestamp as a DateTimeOffset, refusing what is not one.</summary>
    /// <exception cref="ReminderValidationException">The timestamp is outside 0001-9999 or its nanos are out of range.</exception>
    public static DateTimeOffset ToDateTimeOffset(Timestamp timestamp, string field)
    {
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException e)
        {
            throw new ReminderValidationException(field, $"is not a valid time ({e.Message})");
        }
    }
}
