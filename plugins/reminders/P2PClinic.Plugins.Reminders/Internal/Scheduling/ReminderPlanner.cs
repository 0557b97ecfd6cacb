using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>
/// Works out when the occurrences of a reminder come due, from the calendar's occurrences and the reminder's
/// dismissals and snoozes. Pure reads: it never changes the document.
/// </summary>
internal sealed class ReminderPlanner
{
    // Whole days of a lead are calendar days, so a due time may sit a few hours off "start - lead" across a
    // daylight-saving change; two days of slack on each side of a search covers every zone's rules.
    private static readonly TimeSpan Slack = TimeSpan.FromDays(2);

    private readonly ICalendarOccurrences _calendar;

    public ReminderPlanner(ICalendarOccurrences calendar)
    {
        _calendar = calendar;
    }

    public ICalendarOccurrences Calendar => _calendar;

    /// <summary>
    /// The occurrences of <paramref name="reminder"/> that come due within <c>[from, to]</c>: not dismissed, and
    /// not gone by before the reminder existed (a reminder created for an event that already started does not
    /// fire for it); by due time, then occurrence id.
    /// </summary>
    public List<PlannedOccurrence> Plan(IOrgDocument document, Reminder reminder, DateTimeOffset from, DateTimeOffset to)
    {
        var candidates = new Dictionary<string, (EventOccurrence Occurrence, DateTimeOffset Due)>(StringComparer.Ordinal);
        if (reminder.LeadTime is { } lead)
        {
            foreach (var occurrence in _calendar.ListOccurrences(document, reminder.EventId, from + lead - Slack, to + lead + Slack))
            {
                candidates[occurrence.OccurrenceId] = (occurrence, LeadTime.DueTime(occurrence.Start, occurrence.TimeZone, lead));
            }
        }
        else if (FindOccurrence(document, reminder.EventId, reminder.OccurrenceId!) is { } occurrence)
        {
            candidates[occurrence.OccurrenceId] = (occurrence, reminder.At!.Value);
        }

        // A snooze may carry an occurrence far from where the lead time puts it: look it up by id.
        foreach (var (occurrenceId, until) in reminder.SnoozedUntil)
        {
            if (until >= from && until <= to && !candidates.ContainsKey(occurrenceId) && !reminder.Dismissed.ContainsKey(occurrenceId)
                && (!reminder.IsAbsolute || occurrenceId == reminder.OccurrenceId)
                && FindOccurrence(document, reminder.EventId, occurrenceId) is { } snoozed)
            {
                candidates[occurrenceId] = (snoozed, DueWithoutSnooze(reminder, snoozed));
            }
        }

        var planned = new List<PlannedOccurrence>();
        foreach (var (occurrenceId, (occurrence, due)) in candidates)
        {
            if (reminder.Dismissed.ContainsKey(occurrenceId))
            {
                continue;
            }

            PlannedOccurrence item;
            if (reminder.SnoozedUntil.TryGetValue(occurrenceId, out var until))
            {
                item = new PlannedOccurrence(reminder, occurrence, until, Snoozed: true);
            }
            else if (Max(occurrence.Start, due) >= reminder.CreatedAt)
            {
                item = new PlannedOccurrence(reminder, occurrence, due, Snoozed: false);
            }
            else
            {
                continue;
            }

            if (item.DueAt >= from && item.DueAt <= to)
            {
                planned.Add(item);
            }
        }

        planned.Sort((a, b) =>
        {
            var byDue = a.DueAt.CompareTo(b.DueAt);
            return byDue != 0 ? byDue : string.CompareOrdinal(a.Occurrence.OccurrenceId, b.Occurrence.OccurrenceId);
        });
        return planned;
    }

    /// <summary>The occurrence of an event with this id, or null when the event has none (or the id is not one).</summary>
    public EventOccurrence? FindOccurrence(IOrgDocument document, string eventId, string occurrenceId)
    {
        if (!OccurrenceIds.TryParse(occurrenceId, out var originalStart))
        {
            return null;
        }

        // All-day ids are UTC dates while the day starts at midnight in the event's zone (up to 14 hours away).
        return _calendar.ListOccurrences(document, eventId, Shift(originalStart, -Slack), Shift(originalStart, Slack))
            .FirstOrDefault(o => o.OccurrenceId == occurrenceId);
    }

    /// <summary>An instant moved by <paramref name="by"/>, saturating at the ends of the calendar (an id such as 00010101 is valid input).</summary>
    private static DateTimeOffset Shift(DateTimeOffset instant, TimeSpan by) =>
        by < TimeSpan.Zero && instant - DateTimeOffset.MinValue < -by ? DateTimeOffset.MinValue
        : by > TimeSpan.Zero && DateTimeOffset.MaxValue - instant < by ? DateTimeOffset.MaxValue
        : instant + by;

    /// <summary>When an occurrence comes due by the reminder's own trigger.</summary>
    public static DateTimeOffset DueWithoutSnooze(Reminder reminder, EventOccurrence occurrence) =>
        reminder.LeadTime is { } lead ? LeadTime.DueTime(occurrence.Start, occurrence.TimeZone, lead) : reminder.At!.Value;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
