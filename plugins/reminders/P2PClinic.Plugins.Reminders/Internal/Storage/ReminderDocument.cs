using P2PClinic.Crdt;
using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Sdk.Records;

namespace P2PClinic.Plugins.Reminders.Internal.Storage;

/// <summary>
/// Reminders in the org's document, as records of the SDK's model (docs/records.md): root map <c>reminders</c>,
/// id → map of fields. Dismissals and snoozes are keyed maps by occurrence id, so dismissing one occurrence on a
/// phone and snoozing another on a laptop both survive the merge. This layout is a wire format between peers (docs/reminders.md): never rename
/// a key. Entries a peer wrote that this version cannot read (no event, no trigger) are skipped, never fatal.
/// </summary>
internal static class ReminderDocument
{
    public const string Root = "reminders";

    private const string EventIdKey = "eventId";
    private const string LeadSecondsKey = "leadSeconds";
    private const string AtKey = "at";
    private const string OccurrenceIdKey = "occurrenceId";
    private const string DismissedKey = "dismissed";
    private const string SnoozedUntilKey = "snoozedUntil";

    private static readonly RecordMapField Dismissed = new(DismissedKey);
    private static readonly RecordMapField SnoozedUntil = new(SnoozedUntilKey);

    public static readonly RecordCollection Collection = new(Root, Dismissed, SnoozedUntil);

    /// <summary>The reminder stored under <paramref name="id"/>, or null (absent or unreadable).</summary>
    public static Reminder? Read(Doc doc, string id) => Collection.Read(doc, id) is { } record ? FromRecord(record) : null;

    /// <summary>Every readable reminder in the document.</summary>
    public static List<Reminder> ReadAll(Doc doc) => [.. Collection.ReadAll(doc).Select(FromRecord).OfType<Reminder>()];

    /// <summary>Stores a new reminder.</summary>
    public static void Create(Transaction transaction, Reminder reminder)
    {
        var record = Collection.Create(transaction, reminder.Id, reminder.CreatedAt);
        record.SetText(EventIdKey, reminder.EventId);
        if (reminder.LeadTime is { } lead)
        {
            record.SetNumber(LeadSecondsKey, (long)lead.TotalSeconds);
        }
        else
        {
            record.SetText(AtKey, FormatTime(reminder.At!.Value));
            record.SetText(OccurrenceIdKey, reminder.OccurrenceId!);
        }

        record.Touch(reminder.UpdatedAt);
    }

    /// <summary>Deletes a reminder; false when it did not exist.</summary>
    public static bool Delete(Transaction transaction, string id) => Collection.Delete(transaction, id);

    /// <summary>Marks occurrences dismissed (and drops their snoozes); false when the reminder is gone.</summary>
    public static bool Dismiss(Transaction transaction, string id, IEnumerable<string> occurrenceIds, DateTimeOffset now)
    {
        if (Collection.Edit(transaction, id) is not { } record)
        {
            return false;
        }

        foreach (var occurrenceId in occurrenceIds)
        {
            if (!record.ContainsInMap(Dismissed, occurrenceId))
            {
                record.SetInMap(Dismissed, occurrenceId, FormatTime(now));
            }

            record.RemoveFromMap(SnoozedUntil, occurrenceId);
        }

        record.Touch(now);
        return true;
    }

    /// <summary>Snoozes occurrences until <paramref name="until"/>; false when the reminder is gone.</summary>
    public static bool Snooze(Transaction transaction, string id, IEnumerable<string> occurrenceIds, DateTimeOffset until, DateTimeOffset now)
    {
        if (Collection.Edit(transaction, id) is not { } record)
        {
            return false;
        }

        foreach (var occurrenceId in occurrenceIds)
        {
            record.SetInMap(SnoozedUntil, occurrenceId, FormatTime(until));
        }

        record.Touch(now);
        return true;
    }

    /// <summary>Times are ISO 8601 UTC strings to the millisecond, as the other plugins write them.</summary>
    public static string FormatTime(DateTimeOffset time) => RecordTime.Format(time);

    /// <summary>Truncates to the millisecond, the precision times are stored with.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) => RecordTime.ToStoredPrecision(time);

    private static Reminder? FromRecord(Record record)
    {
        if (record.Text(EventIdKey) is not { Length: > 0 } eventId)
        {
            return null;
        }

        TimeSpan? lead = record.Value(LeadSecondsKey) switch
        {
            long seconds when seconds >= 0 => TimeSpan.FromSeconds(seconds),
            double seconds when seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds => TimeSpan.FromSeconds(Math.Floor(seconds)),
            _ => null,
        };
        DateTimeOffset? at = null;
        string? occurrenceId = null;
        if (lead is null)
        {
            if (RecordTime.TryParse(record.Value(AtKey), out var atTime) && record.Text(OccurrenceIdKey) is { Length: > 0 } occurrence)
            {
                at = atTime;
                occurrenceId = occurrence;
            }
            else
            {
                return null;
            }
        }

        return new Reminder(record.Id, eventId, lead, at, occurrenceId, TimeMap(record.Map(Dismissed)), TimeMap(record.Map(SnoozedUntil)), record.CreatedAt, record.UpdatedAt);
    }

    private static Dictionary<string, DateTimeOffset> TimeMap(IReadOnlyDictionary<string, string> texts)
    {
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (key, value) in texts)
        {
            if (RecordTime.TryParse(value, out var time))
            {
                map[key] = time;
            }
        }

        return map;
    }
}
