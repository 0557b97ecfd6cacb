using System.Globalization;
using P2PClinic.Crdt;
using P2PClinic.Plugins.Reminders.Internal.Model;

namespace P2PClinic.Plugins.Reminders.Internal.Storage;

/// <summary>
/// Reminders in the org's document: root map <c>reminders</c>, id → nested map of fields. Dismissals and snoozes
/// are nested maps keyed by occurrence id, so dismissing one occurrence on a phone and snoozing another on a
/// laptop both survive the merge. This layout is a wire format between peers (docs/reminders.md): never rename
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
    private const string CreatedAtKey = "createdAt";
    private const string UpdatedAtKey = "updatedAt";

    /// <summary>The reminder stored under <paramref name="id"/>, or null (absent or unreadable).</summary>
    public static Reminder? Read(Doc doc, string id) =>
        doc.GetMap(Root).Get(id) is YMap entry ? FromJson(id, entry.ToJson() as IReadOnlyDictionary<string, object?>) : null;

    /// <summary>Every readable reminder in the document.</summary>
    public static List<Reminder> ReadAll(Doc doc)
    {
        var root = doc.GetMap(Root);
        var reminders = new List<Reminder>(root.Count);
        foreach (var id in root.Keys)
        {
            if (Read(doc, id) is { } reminder)
            {
                reminders.Add(reminder);
            }
        }

        return reminders;
    }

    /// <summary>Stores a new reminder.</summary>
    public static void Create(Transaction transaction, Reminder reminder)
    {
        var entry = new YMap();
        transaction.Doc.GetMap(Root).Set(reminder.Id, entry);
        entry.Set(EventIdKey, reminder.EventId);
        if (reminder.LeadTime is { } lead)
        {
            entry.Set(LeadSecondsKey, (long)lead.TotalSeconds);
        }
        else
        {
            entry.Set(AtKey, FormatTime(reminder.At!.Value));
            entry.Set(OccurrenceIdKey, reminder.OccurrenceId);
        }

        entry.Set(DismissedKey, new YMap());
        entry.Set(SnoozedUntilKey, new YMap());
        entry.Set(CreatedAtKey, FormatTime(reminder.CreatedAt));
        entry.Set(UpdatedAtKey, FormatTime(reminder.UpdatedAt));
    }

    /// <summary>Deletes a reminder; false when it did not exist.</summary>
    public static bool Delete(Transaction transaction, string id)
    {
        var root = transaction.Doc.GetMap(Root);
        if (!root.ContainsKey(id))
        {
            return false;
        }

        root.Delete(id);
        return true;
    }

    /// <summary>Marks occurrences dismissed (and drops their snoozes); false when the reminder is gone.</summary>
    public static bool Dismiss(Transaction transaction, string id, IEnumerable<string> occurrenceIds, DateTimeOffset now)
    {
        if (transaction.Doc.GetMap(Root).Get(id) is not YMap entry)
        {
            return false;
        }

        var dismissed = NestedMap(entry, DismissedKey);
        var snoozed = NestedMap(entry, SnoozedUntilKey);
        foreach (var occurrenceId in occurrenceIds)
        {
            if (!dismissed.ContainsKey(occurrenceId))
            {
                dismissed.Set(occurrenceId, FormatTime(now));
            }

            snoozed.Delete(occurrenceId);
        }

        entry.Set(UpdatedAtKey, FormatTime(now));
        return true;
    }

    /// <summary>Snoozes occurrences until <paramref name="until"/>; false when the reminder is gone.</summary>
    public static bool Snooze(Transaction transaction, string id, IEnumerable<string> occurrenceIds, DateTimeOffset until, DateTimeOffset now)
    {
        if (transaction.Doc.GetMap(Root).Get(id) is not YMap entry)
        {
            return false;
        }

        var snoozed = NestedMap(entry, SnoozedUntilKey);
        foreach (var occurrenceId in occurrenceIds)
        {
            snoozed.Set(occurrenceId, FormatTime(until));
        }

        entry.Set(UpdatedAtKey, FormatTime(now));
        return true;
    }

    /// <summary>Times are ISO 8601 UTC strings to the millisecond, as the other plugins write them.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Truncates to the millisecond, the precision times are stored with.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) => time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerMillisecond)).ToUniversalTime();

    private static YMap NestedMap(YMap entry, string key)
    {
        if (entry.Get(key) is YMap map)
        {
            return map;
        }

        // Written by a peer that did not create it (or something else under the key): start it now.
        var created = new YMap();
        entry.Set(key, created);
        return created;
    }

    private static Reminder? FromJson(string id, IReadOnlyDictionary<string, object?>? json)
    {
        if (json is null || json.GetValueOrDefault(EventIdKey) is not string { Length: > 0 } eventId)
        {
            return null;
        }

        TimeSpan? lead = json.GetValueOrDefault(LeadSecondsKey) switch
        {
            long seconds when seconds >= 0 => TimeSpan.FromSeconds(seconds),
            double seconds when seconds >= 0 && seconds <= TimeSpan.MaxValue.TotalSeconds => TimeSpan.FromSeconds(Math.Floor(seconds)),
            _ => null,
        };
        DateTimeOffset? at = null;
        string? occurrenceId = null;
        if (lead is null)
        {
            if (TryParseTime(json.GetValueOrDefault(AtKey), out var atTime) && json.GetValueOrDefault(OccurrenceIdKey) is string { Length: > 0 } occurrence)
            {
                at = atTime;
                occurrenceId = occurrence;
            }
            else
            {
                return null;
            }
        }

        return new Reminder(
            id,
            eventId,
            lead,
            at,
            occurrenceId,
            TimeMap(json.GetValueOrDefault(DismissedKey)),
            TimeMap(json.GetValueOrDefault(SnoozedUntilKey)),
            TryParseTime(json.GetValueOrDefault(CreatedAtKey), out var created) ? created : default,
            TryParseTime(json.GetValueOrDefault(UpdatedAtKey), out var updated) ? updated : default);
    }

    private static Dictionary<string, DateTimeOffset> TimeMap(object? json)
    {
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (json is IReadOnlyDictionary<string, object?> entries)
        {
            foreach (var (key, value) in entries)
            {
                if (TryParseTime(value, out var time))
                {
                    map[key] = time;
                }
            }
        }

        return map;
    }

    private static bool TryParseTime(object? value, out DateTimeOffset time)
    {
        time = default;
        return value is string text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
