using P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Plugins.Calendar.Internal.Storage;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Calendar.Internal;

/// <summary>The SDK's view of the calendar for other plugins (the reminders plugin), over any open org document.</summary>
internal sealed class CalendarOccurrences : ICalendarOccurrences
{
    private readonly OccurrenceExpander _expander;

    public CalendarOccurrences(OccurrenceExpander expander) => _expander = expander;

    public IReadOnlyList<EventOccurrence> ListOccurrences(IOrgDocument document, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(document);
        CheckRange(from, to);
        var events = document.Read(EventDocument.ReadAll);
        var occurrences = events.SelectMany(e => _expander.Expand(document.OrgId, e, from, to)).ToList();
        occurrences.Sort(Occurrence.Order);
        return [.. occurrences.Select(ToSdk)];
    }

    public IReadOnlyList<EventOccurrence> ListOccurrences(IOrgDocument document, string eventId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(eventId);
        CheckRange(from, to);
        var e = document.Read(doc => EventDocument.Read(doc, eventId));
        return e is null ? [] : [.. _expander.Expand(document.OrgId, e, from, to).Select(ToSdk)];
    }

    public bool Contains(IOrgDocument document, string eventId)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(eventId);
        return document.Read(doc => EventDocument.Contains(doc, eventId));
    }

    private static void CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to < from)
        {
            throw new ArgumentException($"The range ends ({to:O}) before it starts ({from:O}).", nameof(to));
        }
    }

    private static EventOccurrence ToSdk(Occurrence o) => new(
        o.Event.Id,
        o.OccurrenceId,
        o.Event.Title,
        o.Start,
        o.End,
        o.Event.IsAllDay,
        o.Event.TimeZone.Length == 0 ? null : o.Event.TimeZone);
}
