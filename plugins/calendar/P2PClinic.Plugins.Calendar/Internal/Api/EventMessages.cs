using Google.Protobuf.WellKnownTypes;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Plugins.Calendar.Internal.Recurrence;
using Proto = P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Plugins.Calendar.Internal.Api;

/// <summary>Maps between calendar.proto messages and the model.</summary>
internal static class EventMessages
{
    /// <summary>The model of a message, reading only <paramref name="fields"/> (the rest stay empty).</summary>
    /// <exception cref="EventValidationException">A date or time does not parse.</exception>
    public static Event FromMessage(Proto.Event? message, EventField fields = EventField.All)
    {
        message ??= new Proto.Event();
        var recurrence = message.Recurrence ?? new Proto.Recurrence();
        return new Event
        {
            Title = message.Title,
            Start = fields.HasFlag(EventField.Start) && message.Start.Trim().Length > 0 ? EventTime.Parse(message.Start, "start") : default,
            End = fields.HasFlag(EventField.End) && message.End.Trim().Length > 0 ? EventTime.Parse(message.End, "end") : null,
            IsAllDay = message.AllDay,
            TimeZone = message.TimeZone,
            Location = message.Location,
            Description = message.Description,
            Attendees = [.. message.Attendees.Select(a => new Attendee(a.ContactId, a.Email, a.DisplayName))],
            RecurrenceRule = recurrence.Rrule,
            ExceptionDates = fields.HasFlag(EventField.ExceptionDates)
                ? [.. recurrence.Exdates.Select((d, i) => EventTime.Parse(d, $"recurrence.exdates[{i}]"))]
                : [],
            Uid = message.Uid,
        };
    }

    /// <summary>The message of an event; <paramref name="adjusted"/>: the times a create or update moved out of a gap.</summary>
    public static Proto.Event ToMessage(Event e, IReadOnlyList<TimeAdjustment>? adjusted = null)
    {
        var message = new Proto.Event
        {
            Id = e.Id,
            Title = e.Title,
            Start = e.Start == default ? "" : e.Start.ToString(),
            End = e.End?.ToString() ?? "",
            AllDay = e.IsAllDay,
            TimeZone = e.TimeZone,
            Location = e.Location,
            Description = e.Description,
            Uid = e.Uid,
            CreatedAt = Timestamp.FromDateTimeOffset(e.CreatedAt),
            UpdatedAt = Timestamp.FromDateTimeOffset(e.UpdatedAt),
        };
        message.Attendees.AddRange(e.Attendees.Select(a => new Proto.Attendee { ContactId = a.ContactId, Email = a.Email, DisplayName = a.DisplayName }));
        if (e.RecurrenceRule.Length > 0 || e.ExceptionDates.Count > 0)
        {
            message.Recurrence = new Proto.Recurrence { Rrule = e.RecurrenceRule };
            message.Recurrence.Exdates.AddRange(e.ExceptionDates.Select(d => d.ToString()));
        }

        message.AdjustedTimes.AddRange((adjusted ?? []).Select(a => new Proto.TimeAdjustment { Field = a.Field, Given = a.Given.ToString(), Stored = a.Stored.ToString() }));
        return message;
    }

    public static Proto.Occurrence ToMessage(Occurrence o) => new()
    {
        EventId = o.Event.Id,
        OccurrenceId = o.OccurrenceId,
        Title = o.Event.Title,
        Start = Timestamp.FromDateTimeOffset(o.Start),
        End = Timestamp.FromDateTimeOffset(o.End),
        AllDay = o.Event.IsAllDay,
        TimeZone = o.Event.TimeZone,
        Location = o.Event.Location,
        LocalStart = o.LocalStart.ToString(),
        LocalEnd = o.LocalEnd.ToString(),
    };
}
