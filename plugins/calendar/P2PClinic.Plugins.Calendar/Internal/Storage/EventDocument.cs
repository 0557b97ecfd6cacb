using P2PClinic.Crdt;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Sdk.Calendar;
using P2PClinic.Sdk.Records;

namespace P2PClinic.Plugins.Calendar.Internal.Storage;

/// <summary>
/// Events in the org's document, as records of the SDK's model (docs/records.md): root map <c>events</c>, id → map
/// of fields. Scalars are texts (and the all-day flag); attendees a list of entries (matched by contact id and
/// email, so renaming an attendee edits it in place); exception dates a set of texts. The layout is a wire format
/// between peers (docs/calendar.md): never rename a key.
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
    private const string RecurrenceRuleKey = "rrule";
    private const string UidKey = "uid";
    private const string ContactIdKey = "contactId";
    private const string EmailKey = "email";
    private const string NameKey = "name";

    private static readonly RecordListField Attendees = new("attendees", ContactIdKey, EmailKey);
    private static readonly RecordSetField ExceptionDates = new("exdates");

    public static readonly RecordCollection Collection = new(Root, Attendees, ExceptionDates);

    /// <summary>The event stored under <paramref name="id"/>, or null.</summary>
    public static Event? Read(Doc doc, string id) => Collection.Read(doc, id) is { } record ? FromRecord(record) : null;

    public static bool Contains(Doc doc, string id) => Collection.Contains(doc, id);

    /// <summary>Every event in the document.</summary>
    public static List<Event> ReadAll(Doc doc) => [.. Collection.ReadAll(doc).Select(FromRecord)];

    /// <summary>Stores a new event with all its fields.</summary>
    public static void Create(Transaction transaction, Event e)
    {
        var record = Collection.Create(transaction, e.Id, e.CreatedAt);
        Write(record, e, EventField.All);
        record.Touch(e.UpdatedAt);
    }

    /// <summary>Writes the <paramref name="fields"/> of <paramref name="e"/> that differ from the stored ones; false when the event is gone.</summary>
    public static bool Update(Transaction transaction, Event e, EventField fields)
    {
        if (Collection.Edit(transaction, e.Id) is not { } record)
        {
            return false;
        }

        Write(record, e, fields);
        record.Touch(e.UpdatedAt);
        return true;
    }

    /// <summary>Deletes an event; false when there was none.</summary>
    public static bool Delete(Transaction transaction, string id) => Collection.Delete(transaction, id);

    private static void Write(RecordWriter record, Event e, EventField fields)
    {
        void Text(EventField field, string key, string value)
        {
            if (fields.HasFlag(field))
            {
                record.SetText(key, value);
            }
        }

        Text(EventField.Title, TitleKey, e.Title);
        Text(EventField.Start, StartKey, e.Start.ToString());
        Text(EventField.End, EndKey, e.End?.ToString() ?? "");
        if (fields.HasFlag(EventField.AllDay))
        {
            record.SetFlag(AllDayKey, e.IsAllDay);
        }

        Text(EventField.TimeZone, TimeZoneKey, e.TimeZone);
        Text(EventField.Location, LocationKey, e.Location);
        Text(EventField.Description, DescriptionKey, e.Description);
        Text(EventField.RecurrenceRule, RecurrenceRuleKey, e.RecurrenceRule);
        Text(EventField.Uid, UidKey, e.Uid);
        if (fields.HasFlag(EventField.Attendees))
        {
            record.SetList(Attendees, [.. e.Attendees.Select(a => RecordEntry.Of((ContactIdKey, a.ContactId), (EmailKey, a.Email), (NameKey, a.DisplayName)))]);
        }

        if (fields.HasFlag(EventField.ExceptionDates))
        {
            record.SetTexts(ExceptionDates, [.. e.ExceptionDates.Select(d => d.ToString())]);
        }
    }

    /// <summary>
    /// Reads an event from its record. Lenient by design: a peer (another version, another client) may have
    /// written a field this version does not expect, and concurrent edits of related fields (start on one peer,
    /// all_day on another) can merge into a combination no single edit made; such values are read in the
    /// nearest sensible form instead of failing (docs/calendar.md, "Reading merged events").
    /// </summary>
    private static Event FromRecord(Record record)
    {
        var isAllDay = record.Flag(AllDayKey);
        var start = EventTime.TryParse(record.Text(StartKey), out var s) ? s.As(!isAllDay) : default;
        EventTime? end = EventTime.TryParse(record.Text(EndKey), out var en) ? en.As(!isAllDay) : null;
        if (end is { } e && (isAllDay ? e.Date <= start.Date : e.CompareTo(start) < 0))
        {
            end = null;
        }

        return new Event
        {
            Id = record.Id,
            Title = record.Text(TitleKey),
            Start = start,
            End = end,
            IsAllDay = isAllDay,
            TimeZone = EventTimeZones.ToIana(record.Text(TimeZoneKey)) ?? "",
            Location = record.Text(LocationKey),
            Description = record.Text(DescriptionKey),
            Attendees = [.. record.List(Attendees).Select(a => new Attendee(a[ContactIdKey], a[EmailKey], a[NameKey]))],
            RecurrenceRule = record.Text(RecurrenceRuleKey),
            ExceptionDates = [.. record.Set(ExceptionDates).Select(t => EventTime.TryParse(t, out var d) ? d.As(!isAllDay) : (EventTime?)null).OfType<EventTime>()],
            Uid = record.Text(UidKey),
            CreatedAt = record.CreatedAt,
            UpdatedAt = record.UpdatedAt,
        };
    }
}
