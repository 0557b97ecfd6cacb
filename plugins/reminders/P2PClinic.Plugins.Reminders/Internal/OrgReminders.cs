using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Plugins.Reminders.Internal.Scheduling;
using P2PClinic.Plugins.Reminders.Internal.Storage;
using P2PClinic.Sdk;

namespace P2PClinic.Plugins.Reminders.Internal;

/// <summary>
/// One org's reminders: validated changes go through the org's document (durable when they return); the
/// scheduler follows the document and fires them. Cheap to create per call.
/// </summary>
internal sealed class OrgReminders
{
    private readonly IOrgDocument _document;
    private readonly ReminderPlanner _planner;
    private readonly TimeProvider _time;

    public OrgReminders(IOrgDocument document, ReminderPlanner planner, TimeProvider time)
    {
        _document = document;
        _planner = planner;
        _time = time;
    }

    public Guid OrgId => _document.OrgId;

    public Reminder? Get(string id) => _document.Read(doc => ReminderDocument.Read(doc, id));

    public List<Reminder> All() => _document.Read(ReminderDocument.ReadAll);

    /// <summary>Creates a lead-time reminder (<paramref name="leadTime"/>) or an absolute one (<paramref name="at"/> with <paramref name="occurrenceId"/>).</summary>
    /// <exception cref="ReminderValidationException">A field is invalid.</exception>
    /// <exception cref="ReminderNotFoundException">The org has no such event.</exception>
    /// <exception cref="ReminderConflictException">The event has as many reminders as allowed.</exception>
    public async Task<Reminder> CreateAsync(string eventId, TimeSpan? leadTime, DateTimeOffset? at, string occurrenceId, CancellationToken cancellationToken)
    {
        RequireId(eventId, "event_id");
        if (!_planner.Calendar.Contains(_document, eventId))
        {
            throw new ReminderNotFoundException($"event_id: event {eventId} not found");
        }

        var now = Now();
        switch (leadTime, at)
        {
            case (null, null):
                throw new ReminderValidationException("lead_time", "a trigger is required: set lead_time (before every occurrence) or at (with occurrence_id)");
            case ({ } lead, _):
                if (lead < TimeSpan.Zero)
                {
                    throw new ReminderValidationException("lead_time", $"{lead} is negative; a reminder comes before the occurrence");
                }

                if (lead > ReminderLimits.MaxLeadTime)
                {
                    throw new ReminderValidationException("lead_time", $"{lead} is longer than the limit of {ReminderLimits.MaxLeadTime.TotalDays} days");
                }

                if (lead.Ticks % TimeSpan.TicksPerSecond != 0)
                {
                    throw new ReminderValidationException("lead_time", $"{lead} is not a whole number of seconds");
                }

                if (occurrenceId.Length > 0)
                {
                    throw new ReminderValidationException("occurrence_id", "must be empty with lead_time: a lead time applies to every occurrence");
                }

                break;
            case (null, { } time):
                if (occurrenceId.Length == 0)
                {
                    throw new ReminderValidationException("occurrence_id", "is required with at: name the occurrence the reminder belongs to");
                }

                RequireOccurrence(eventId, occurrenceId);
                if (time < now - ReminderLimits.DueWindow)
                {
                    throw new ReminderValidationException("at", $"{time:O} is more than {ReminderLimits.DueWindow.TotalDays} days in the past; it would never fire");
                }

                break;
        }

        var count = _document.Read(doc => ReminderDocument.ReadAll(doc).Count(r => r.EventId == eventId));
        if (count >= ReminderLimits.MaxRemindersPerEvent)
        {
            throw new ReminderConflictException($"event {eventId} already has {count} reminders, the most allowed");
        }

        var reminder = new Reminder(
            Guid.NewGuid().ToString("N"),
            eventId,
            leadTime,
            at is { } absolute ? ReminderDocument.ToStoredPrecision(absolute) : null,
            at is null ? null : occurrenceId,
            new Dictionary<string, DateTimeOffset>(),
            new Dictionary<string, DateTimeOffset>(),
            now,
            now);
        await _document.ChangeAsync(t => ReminderDocument.Create(t, reminder), cancellationToken).ConfigureAwait(false);
        return reminder;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var found = false;
        await _document.ChangeAsync(t => found = ReminderDocument.Delete(t, id), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Dismisses one occurrence (due or future), or every occurrence due now when <paramref name="occurrenceId"/> is empty.</summary>
    /// <returns>The occurrences dismissed.</returns>
    public async Task<IReadOnlyList<string>> DismissAsync(string id, string occurrenceId, CancellationToken cancellationToken)
    {
        var reminder = Get(id) ?? throw new ReminderNotFoundException($"reminder {id} not found");
        var now = Now();
        IReadOnlyList<string> occurrences;
        if (occurrenceId.Length > 0)
        {
            RequireOccurrenceOf(reminder, occurrenceId);
            occurrences = [occurrenceId];
        }
        else
        {
            occurrences = DueNow(reminder, now);
            if (occurrences.Count == 0)
            {
                throw new ReminderConflictException($"nothing of reminder {id} is due now; name the occurrence_id to dismiss one ahead of time");
            }
        }

        var found = true;
        await _document.ChangeAsync(t => found = ReminderDocument.Dismiss(t, id, occurrences, now), cancellationToken).ConfigureAwait(false);
        return found ? occurrences : throw new ReminderNotFoundException($"reminder {id} not found");
    }

    /// <summary>Snoozes one occurrence, or every occurrence due now when <paramref name="occurrenceId"/> is empty, until <paramref name="until"/>.</summary>
    /// <returns>The occurrences snoozed.</returns>
    public async Task<IReadOnlyList<string>> SnoozeAsync(string id, string occurrenceId, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var reminder = Get(id) ?? throw new ReminderNotFoundException($"reminder {id} not found");
        var now = Now();
        until = ReminderDocument.ToStoredPrecision(until);
        if (until <= now)
        {
            throw new ReminderValidationException("until", $"{until:O} is not in the future");
        }

        if (until > now + ReminderLimits.MaxSnooze)
        {
            throw new ReminderValidationException("until", $"{until:O} is more than {ReminderLimits.MaxSnooze.TotalDays} days away");
        }

        IReadOnlyList<string> occurrences;
        if (occurrenceId.Length > 0)
        {
            RequireOccurrenceOf(reminder, occurrenceId);
            if (reminder.Dismissed.ContainsKey(occurrenceId))
            {
                throw new ReminderConflictException($"occurrence {occurrenceId} of reminder {id} is dismissed");
            }

            occurrences = [occurrenceId];
        }
        else
        {
            occurrences = DueNow(reminder, now);
            if (occurrences.Count == 0)
            {
                throw new ReminderConflictException($"nothing of reminder {id} is due now; name the occurrence_id to snooze");
            }
        }

        var found = true;
        await _document.ChangeAsync(t => found = ReminderDocument.Snooze(t, id, occurrences, until, now), cancellationToken).ConfigureAwait(false);
        return found ? occurrences : throw new ReminderNotFoundException($"reminder {id} not found");
    }

    /// <summary>The next time an occurrence of the reminder comes due after now, within the horizon; null when none does.</summary>
    public DateTimeOffset? NextDue(Reminder reminder)
    {
        var now = _time.GetUtcNow();
        return _planner.Plan(_document, reminder, now + TimeSpan.FromTicks(1), now + ReminderLimits.NextDueHorizon).Select(p => (DateTimeOffset?)p.DueAt).FirstOrDefault();
    }

    /// <summary>
    /// The event's title now (from its occurrence for an absolute reminder, else from the nearest occurrence: the
    /// next four weeks, the last four weeks, then the next 400 days for yearly events); null when the event is gone.
    /// </summary>
    public string? EventTitle(Reminder reminder)
    {
        if (!_planner.Calendar.Contains(_document, reminder.EventId))
        {
            return null;
        }

        if (reminder.IsAbsolute)
        {
            return _planner.FindOccurrence(_document, reminder.EventId, reminder.OccurrenceId!)?.Title ?? "";
        }

        var now = _time.GetUtcNow();
        var horizon = ReminderLimits.NextDueHorizon;
        var calendar = _planner.Calendar;
        var nearest = calendar.ListOccurrences(_document, reminder.EventId, now, now + horizon).FirstOrDefault()
            ?? calendar.ListOccurrences(_document, reminder.EventId, now - horizon, now).LastOrDefault()
            ?? calendar.ListOccurrences(_document, reminder.EventId, now, now + TimeSpan.FromDays(400)).FirstOrDefault();
        return nearest?.Title ?? "";
    }

    /// <summary>Now, to the millisecond: the precision times are stored with, so what a call returns equals what a read finds.</summary>
    public DateTimeOffset Now() => ReminderDocument.ToStoredPrecision(_time.GetUtcNow());

    private List<string> DueNow(Reminder reminder, DateTimeOffset now) =>
        [.. _planner.Plan(_document, reminder, now - ReminderLimits.DueWindow, now).Select(p => p.Occurrence.OccurrenceId).Distinct()];

    private void RequireOccurrenceOf(Reminder reminder, string occurrenceId)
    {
        if (reminder.IsAbsolute && occurrenceId != reminder.OccurrenceId)
        {
            throw new ReminderValidationException("occurrence_id", $"'{occurrenceId}' is not the occurrence of reminder {reminder.Id} ({reminder.OccurrenceId})");
        }

        RequireOccurrence(reminder.EventId, occurrenceId);
    }

    private void RequireOccurrence(string eventId, string occurrenceId)
    {
        if (!OccurrenceIds.TryParse(occurrenceId, out _))
        {
            throw new ReminderValidationException("occurrence_id", $"'{occurrenceId}' is not an occurrence id (yyyyMMddTHHmmssZ, or yyyyMMdd for all-day events)");
        }

        if (_planner.FindOccurrence(_document, eventId, occurrenceId) is null)
        {
            throw new ReminderValidationException("occurrence_id", $"'{occurrenceId}' is not an occurrence of event {eventId}");
        }
    }

    private static void RequireId(string id, string field)
    {
        if (id.Length == 0)
        {
            throw new ReminderValidationException(field, "is required");
        }

        if (id.Length > ReminderLimits.MaxIdLength)
        {
            throw new ReminderValidationException(field, $"is {id.Length} characters long; ids have at most {ReminderLimits.MaxIdLength}");
        }
    }
}
