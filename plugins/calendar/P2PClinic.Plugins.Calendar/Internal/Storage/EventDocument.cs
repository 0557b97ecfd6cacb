using System.Globalization;
using P2PClinic.Crdt;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Calendar.Internal.Storage;

/// <summary>
/// Events in the org's document: root map <c>events</c>, id → nested map of fields. Scalars are map entries;
/// attendees an array of maps, exception dates an array of strings. A change writes only the fields it touches, so
/// two peers editing different fields of one event both keep their edit when their updates merge. The layout is a
/// wire format between peers (docs/calendar.md): never rename a key.
/// </summary>
internal static class EventDocument
{
    public const string Root = CalendarCollections.Events;

    private const string TitleKey = "title";
    private const string StartKey = "start";
    private const string EndKey = "end";
    private const string AllDayKey = "allDay";
    private const string TimeZoneKey = "timeZone";
    private const string LocationKey = "location";
    private const string DescriptionKey = "description";
    private const string AttendeesKey = "attendees";
    private const string RecurrenceRuleKey = "rrule";
    private const string ExceptionDatesKey = "exdates";
    private const string UidKey = "uid";
    private const string CreatedAtKey = "createdAt";
    private const string UpdatedAtKey = "updatedAt";
    private const string ContactIdKey = "contactId";
    private const string EmailKey = "email";
    private const string NameKey = "name";

    /// <summary>The event stored under <paramref name="id"/>, or null.</summary>
    public static Event? Read(Doc doc, string id) =>
        doc.GetMap(Root).Get(id) is YMap entry ? FromJson(id, entry.ToJson() as IReadOnlyDictionary<string, object?>) : null;

    public static bool Contains(Doc doc, string id) => doc.GetMap(Root).Get(id) is YMap;

    /// <summary>Every event in the document.</summary>
    public static List<Event> ReadAll(Doc doc)
    {
        var root = doc.GetMap(Root);
        var events = new List<Event>(root.Count);
        foreach (var id in root.Keys)
        {
            if (Read(doc, id) is { } e)
            {
                events.Add(e);
            }
        }

        return events;
    }

    /// <summary>Stores a new event with all its fields.</summary>
    public static void Create(Transaction transaction, Event e)
    {
        var entry = new YMap();
        transaction.Doc.GetMap(Root).Set(e.Id, entry);
        entry.Set(CreatedAtKey, FormatTime(e.CreatedAt));
        Write(entry, null, e, EventField.All);
        entry.Set(UpdatedAtKey, FormatTime(e.UpdatedAt));
    }

    /// <summary>Writes the <paramref name="fields"/> of <paramref name="e"/> that differ from <paramref name="current"/>; false when the event is gone.</summary>
    public static bool Update(Transaction transaction, Event current, Event e, EventField fields)
    {
        if (transaction.Doc.GetMap(Root).Get(e.Id) is not YMap entry)
        {
            return false;
        }

        if (Write(entry, current, e, fields))
        {
            entry.Set(UpdatedAtKey, FormatTime(e.UpdatedAt));
        }

        return true;
    }

    /// <summary>Deletes an event; false when there was none.</summary>
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

    private static bool Write(YMap entry, Event? current, Event e, EventField fields)
    {
        var changed = false;
        void Scalar(EventField field, string key, string value, string? old)
        {
            if (!fields.HasFlag(field) || value == old)
            {
                return;
            }

            changed = true;
            if (value.Length == 0)
            {
                entry.Delete(key);
            }
            else
            {
                entry.Set(key, value);
            }
        }

        void Array<T>(EventField field, string key, IReadOnlyList<T> value, IReadOnlyList<T>? old, Func<T, object> toShared)
        {
            if (!fields.HasFlag(field) || (old is not null && value.SequenceEqual(old)))
            {
                return;
            }

            changed = true;
            if (value.Count == 0)
            {
                entry.Delete(key);
                return;
            }

            var array = new YArray();
            entry.Set(key, array);
            array.Push([.. value.Select(toShared)]);
        }

        Scalar(EventField.Title, TitleKey, e.Title, current?.Title);
        Scalar(EventField.Start, StartKey, e.Start.ToString(), current?.Start.ToString());
        Scalar(EventField.End, EndKey, e.End?.ToString() ?? "", current is null ? null : current.End?.ToString() ?? "");
        if (fields.HasFlag(EventField.AllDay) && e.IsAllDay != current?.IsAllDay)
        {
            changed = true;
            if (e.IsAllDay)
            {
                entry.Set(AllDayKey, true);
            }
            else
            {
                entry.Delete(AllDayKey);
            }
        }

        Scalar(EventField.TimeZone, TimeZoneKey, e.TimeZone, current?.TimeZone);
        Scalar(EventField.Location, LocationKey, e.Location, current?.Location);
        Scalar(EventField.Description, DescriptionKey, e.Description, current?.Description);
        Scalar(EventField.RecurrenceRule, RecurrenceRuleKey, e.RecurrenceRule, current?.RecurrenceRule);
        Scalar(EventField.Uid, UidKey, e.Uid, current?.Uid);
        Array(EventField.Attendees, AttendeesKey, e.Attendees, current?.Attendees, AttendeeMap);
        Array(EventField.ExceptionDates, ExceptionDatesKey, e.ExceptionDates, current?.ExceptionDates, d => d.ToString());
        return changed;
    }

    private static YMap AttendeeMap(Attendee attendee)
    {
        var map = new YMap();
        if (attendee.ContactId.Length > 0)
        {
            map.Set(ContactIdKey, attendee.ContactId);
        }

        if (attendee.Email.Length > 0)
        {
            map.Set(EmailKey, attendee.Email);
        }

        if (attendee.DisplayName.Length > 0)
        {
            map.Set(NameKey, attendee.DisplayName);
        }

        return map;
    }

    /// <summary>
    /// Reads an event from its map's JSON. Lenient by design: a peer (another version, another client) may have
    /// written a field this version does not expect, and concurrent edits of related fields (start on one peer,
    /// all_day on another) can merge into a combination no single edit made; such values are read in the
    /// nearest sensible form instead of failing (docs/calendar.md, "Reading merged events").
    /// </summary>
    private static Event? FromJson(string id, IReadOnlyDictionary<string, object?>? json)
    {
        if (json is null)
        {
            return null;
        }

        string S(IReadOnlyDictionary<string, object?> map, string key) => map.TryGetValue(key, out var v) && v is string s ? s : "";
        IEnumerable<IReadOnlyDictionary<string, object?>> Maps(string key) =>
            json.TryGetValue(key, out var v) && v is IReadOnlyList<object?> list ? list.OfType<IReadOnlyDictionary<string, object?>>() : [];

        var isAllDay = json.TryGetValue(AllDayKey, out var allDay) && allDay is true;
        var start = EventTime.TryParse(S(json, StartKey), out var s) ? s.As(!isAllDay) : default;
        EventTime? end = EventTime.TryParse(S(json, EndKey), out var en) ? en.As(!isAllDay) : null;
        if (end is { } e && (isAllDay ? e.Date <= start.Date : e.CompareTo(start) < 0))
        {
            end = null;
        }

        var exdates = json.TryGetValue(ExceptionDatesKey, out var ex) && ex is IReadOnlyList<object?> exList
            ? exList.OfType<string>().Select(t => EventTime.TryParse(t, out var d) ? d.As(!isAllDay) : (EventTime?)null).OfType<EventTime>().ToList()
            : [];
        return new Event
        {
            Id = id,
            Title = S(json, TitleKey),
            Start = start,
            End = end,
            IsAllDay = isAllDay,
            TimeZone = EventTimeZones.ToIana(S(json, TimeZoneKey)) ?? "",
            Location = S(json, LocationKey),
            Description = S(json, DescriptionKey),
            Attendees = [.. Maps(AttendeesKey).Select(m => new Attendee(S(m, ContactIdKey), S(m, EmailKey), S(m, NameKey)))],
            RecurrenceRule = S(json, RecurrenceRuleKey),
            ExceptionDates = exdates,
            Uid = S(json, UidKey),
            CreatedAt = ParseTime(S(json, CreatedAtKey)),
            UpdatedAt = ParseTime(S(json, UpdatedAtKey)),
        };
    }

    /// <summary>Times are ISO 8601 UTC strings: the same text in every client, unlike numbers (Yjs encodes big integers as floats).</summary>
    private static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : default;
}
