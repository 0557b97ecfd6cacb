using System.Globalization;
using System.Text;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Plugins.Calendar.Internal.Storage;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Api;

namespace P2PClinic.Plugins.Calendar.Internal;

/// <summary>
/// One org's calendar over its document: changes go through the document (durable when they return); reads see
/// the document as it is, including what peers merged.
/// </summary>
internal sealed class OrgCalendar
{
    private readonly IOrgDocument _document;
    private readonly TimeProvider _time;
    private readonly OccurrenceExpander _expander;

    public OrgCalendar(IOrgDocument document, TimeProvider time, OccurrenceExpander expander)
    {
        _document = document;
        _time = time;
        _expander = expander;
    }

    public Guid OrgId => _document.OrgId;

    public Event? Get(string id) => _document.Read(doc => EventDocument.Read(doc, id));

    public List<Event> All() => _document.Read(EventDocument.ReadAll);

    /// <summary>
    /// Validates and stores a new event; it gets an id, times, and a UID when it has none. Times that do not exist in
    /// its zone are stored moved past the gap, and added to <paramref name="adjusted"/> when given.
    /// </summary>
    /// <exception cref="EventValidationException">A field is invalid.</exception>
    public async Task<Event> CreateAsync(Event draft, CancellationToken cancellationToken, List<TimeAdjustment>? adjusted = null)
    {
        var now = Now();
        var id = NewId();
        var e = EventValidator.Validate(draft) with { Id = id, CreatedAt = now, UpdatedAt = now };
        adjusted?.AddRange(TimeGaps.Find(draft, e.TimeZone));
        if (e.Uid.Length == 0)
        {
            e = e with { Uid = NewUid(id) };
        }

        await _document.ChangeAsync(t => EventDocument.Create(t, e), cancellationToken).ConfigureAwait(false);
        return e;
    }

    /// <summary>
    /// Changes the <paramref name="fields"/> of an event to their values in <paramref name="patch"/>; null when it does
    /// not exist. Times that do not exist in its zone are stored moved past the gap, and added to
    /// <paramref name="adjusted"/> when given.
    /// </summary>
    /// <exception cref="EventValidationException">The changed event would be invalid.</exception>
    public async Task<Event?> UpdateAsync(string id, Event patch, EventField fields, CancellationToken cancellationToken, List<TimeAdjustment>? adjusted = null)
    {
        if (fields == EventField.None)
        {
            throw new EventValidationException("update_mask", "names no field to change");
        }

        var current = Get(id);
        if (current is null)
        {
            return null;
        }

        var candidate = Merge(current, patch, fields);
        var merged = EventValidator.Validate(candidate) with { UpdatedAt = Now() };
        adjusted?.AddRange(TimeGaps.Find(candidate, merged.TimeZone));
        var found = true;
        await _document.ChangeAsync(t => found = EventDocument.Update(t, merged, fields), cancellationToken).ConfigureAwait(false);
        return found ? Get(id) : null;
    }

    /// <summary>
    /// Changes one occurrence of a repeating event as RFC 5545 records a changed instance: its original start becomes
    /// an exception date of the series, and the occurrence an event of its own (the series' fields without
    /// recurrence, the occurrence's times, then <paramref name="fields"/> from <paramref name="patch"/>) under the UID
    /// <see cref="InstanceUid"/> gives it, in one change. Null when the series does not exist.
    /// </summary>
    /// <exception cref="EventValidationException">The event does not repeat, the mask names recurrence or uid, the occurrence id is malformed, or the changed occurrence would be invalid.</exception>
    /// <exception cref="RecordNotFoundException">The series has no such occurrence (any more).</exception>
    public async Task<(Event Series, Event Occurrence)?> ChangeOccurrenceAsync(string seriesId, string occurrenceId, Event patch, EventField fields, CancellationToken cancellationToken)
    {
        if (fields == EventField.None)
        {
            throw new EventValidationException("update_mask", "names no field to change");
        }

        if ((fields & (EventField.RecurrenceRule | EventField.ExceptionDates | EventField.Uid)) != 0)
        {
            throw new EventValidationException("update_mask", "an occurrence has no recurrence or uid of its own: change the series with UpdateEvent");
        }

        var series = Get(seriesId);
        if (series is null)
        {
            return null;
        }

        if (series.RecurrenceRule.Length == 0)
        {
            throw new EventValidationException("event_id", $"event {seriesId} does not repeat: change it with UpdateEvent");
        }

        var around = OccurrenceInstant(occurrenceId);
        var occurrence = _expander.Expand(OrgId, series, around - TimeSpan.FromDays(2), around + TimeSpan.FromDays(2))
            .FirstOrDefault(o => o.OccurrenceId == occurrenceId)
            ?? throw new RecordNotFoundException($"event {seriesId} has no occurrence {occurrenceId}");

        var now = Now();
        var id = NewId();
        var copy = series with
        {
            Start = occurrence.LocalStart,
            End = series.End is null ? null : occurrence.LocalEnd,
            RecurrenceRule = "",
            ExceptionDates = [],
            Uid = InstanceUid(series.Uid, occurrence.LocalStart),
        };
        var instance = EventValidator.Validate(Merge(copy, patch, fields)) with { Id = id, CreatedAt = now, UpdatedAt = now };
        var changed = EventValidator.Validate(series with { ExceptionDates = [.. series.ExceptionDates, occurrence.LocalStart] }) with { UpdatedAt = now };
        var found = true;
        await _document.ChangeAsync(
            t =>
            {
                found = EventDocument.Update(t, changed, EventField.ExceptionDates);
                if (found)
                {
                    EventDocument.Create(t, instance);
                }
            },
            cancellationToken).ConfigureAwait(false);
        return found ? (Get(seriesId)!, instance) : null;
    }

    /// <summary>
    /// The UID of a changed instance of the event with UID <paramref name="seriesUid"/> that was to start at
    /// <paramref name="originalStart"/> (its RECURRENCE-ID): <c>&lt;uid&gt;#yyyyMMddTHHmmss</c>, or <c>#yyyyMMdd</c> for a date.
    /// </summary>
    internal static string InstanceUid(string seriesUid, EventTime originalStart) =>
        seriesUid.Length == 0 ? ""
        : originalStart.HasTime ? $"{seriesUid}#{originalStart.ToDateTime().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}"
        : $"{seriesUid}#{originalStart.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>The instant an occurrence id names (UTC start, or midnight UTC of an all-day date).</summary>
    /// <exception cref="EventValidationException">It is neither form.</exception>
    private static DateTimeOffset OccurrenceInstant(string occurrenceId)
    {
        if (DateTime.TryParseExact(occurrenceId, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var start))
        {
            return new DateTimeOffset(start, TimeSpan.Zero);
        }

        if (DateOnly.TryParseExact(occurrenceId, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        }

        throw new EventValidationException("occurrence_id", $"'{occurrenceId}' is not an occurrence id (yyyyMMddTHHmmssZ, or yyyyMMdd for all-day events)");
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var found = false;
        await _document.ChangeAsync(t => found = EventDocument.Delete(t, id), cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Stores validated events in one change: new ones created, those whose id exists replaced field by field.</summary>
    public async Task StoreBatchAsync(IReadOnlyList<(Event Event, bool IsNew)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        await _document.ChangeAsync(
            t =>
            {
                foreach (var (e, isNew) in batch)
                {
                    // An update finds no event when it was deleted since the import looked its UID up: stored as new.
                    if (isNew || !EventDocument.Update(t, e, EventField.All))
                    {
                        EventDocument.Create(t, e);
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event definitions by start (UTC), then id, after the position <paramref name="pageToken"/> names.</summary>
    /// <exception cref="EventValidationException">The page token is not one this method returned.</exception>
    public (List<Event> Events, string NextPageToken, int Total) List(int pageSize, string pageToken)
    {
        var all = All().Select(e => (Key: StartInstant(e), Event: e)).OrderBy(x => x.Key).ThenBy(x => x.Event.Id, StringComparer.Ordinal).ToList();
        var after = pageToken.Length == 0 ? ((DateTimeOffset, string)?)null : PageToken.Decode(pageToken, "page_token");
        var rest = after is var (afterStart, afterId)
            ? all.Where(x => x.Key > afterStart || (x.Key == afterStart && string.CompareOrdinal(x.Event.Id, afterId) > 0))
            : all;
        var page = rest.Take(pageSize + 1).ToList();
        var next = page.Count > pageSize ? PageToken.Encode(page[pageSize - 1].Key, page[pageSize - 1].Event.Id) : "";
        return ([.. page.Take(pageSize).Select(x => x.Event)], next, all.Count);
    }

    /// <summary>Every occurrence overlapping <c>[from, to)</c>, in order.</summary>
    public List<Occurrence> Occurrences(DateTimeOffset from, DateTimeOffset to) => Occurrences(from, to, _ => true, int.MaxValue);

    /// <summary>
    /// The first <paramref name="limit"/> occurrences overlapping <c>[from, to)</c> that <paramref name="keep"/>
    /// accepts, in order. Holds at most about twice the limit plus one event's occurrences at a time, so a page
    /// of a 100-year range over many daily events costs the page, not the range.
    /// </summary>
    public List<Occurrence> Occurrences(DateTimeOffset from, DateTimeOffset to, Func<Occurrence, bool> keep, int limit)
    {
        var result = new List<Occurrence>();
        foreach (var e in All())
        {
            // An event's occurrences come in order of start: past its first `limit` kept ones, none can make the page.
            result.AddRange(_expander.Expand(OrgId, e, from, to).Where(keep).Take(limit));
            if (result.Count > 2 * (long)limit)
            {
                Truncate(result, limit);
            }
        }

        Truncate(result, limit);
        return result;
    }

    private static void Truncate(List<Occurrence> occurrences, int limit)
    {
        occurrences.Sort(Occurrence.Order);
        if (occurrences.Count > limit)
        {
            occurrences.RemoveRange(limit, occurrences.Count - limit);
        }
    }

    /// <summary>Now, to the millisecond: the precision times are stored with, so what a call returns equals what a read finds.</summary>
    public DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
    }

    internal static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A UID for an event created here: unique without a host name (RFC 5545 section 3.8.4.7 suggests one; we have none to give).</summary>
    internal static string NewUid(string id) => $"{id}@p2pclinic";

    internal static Event Merge(Event current, Event patch, EventField fields) => current with
    {
        Title = fields.HasFlag(EventField.Title) ? patch.Title : current.Title,
        Start = fields.HasFlag(EventField.Start) ? patch.Start : current.Start,
        End = fields.HasFlag(EventField.End) ? patch.End : current.End,
        IsAllDay = fields.HasFlag(EventField.AllDay) ? patch.IsAllDay : current.IsAllDay,
        TimeZone = fields.HasFlag(EventField.TimeZone) ? patch.TimeZone : current.TimeZone,
        Location = fields.HasFlag(EventField.Location) ? patch.Location : current.Location,
        Description = fields.HasFlag(EventField.Description) ? patch.Description : current.Description,
        Attendees = fields.HasFlag(EventField.Attendees) ? patch.Attendees : current.Attendees,
        RecurrenceRule = fields.HasFlag(EventField.RecurrenceRule) ? patch.RecurrenceRule : current.RecurrenceRule,
        ExceptionDates = fields.HasFlag(EventField.ExceptionDates) ? patch.ExceptionDates : current.ExceptionDates,
        Uid = fields.HasFlag(EventField.Uid) ? patch.Uid : current.Uid,
    };

    /// <summary>The event's first start as an instant (midnight in its zone for all-day events).</summary>
    internal static DateTimeOffset StartInstant(Event e) =>
        e.Start == default ? DateTimeOffset.MinValue : EventClock.ToInstant(e.Start, EventTimeZones.Zone(e.TimeZone));
}

/// <summary>Page tokens: an opaque (base64url) position "ticks:id[:occurrence id]" after which the next page starts.</summary>
internal static class PageToken
{
    public static string Encode(DateTimeOffset start, string id, string occurrenceId = "") =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{start.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{id}:{occurrenceId}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="EventValidationException">The token was not made by <see cref="Encode"/>.</exception>
    public static (DateTimeOffset Start, string Id) Decode(string token, string field)
    {
        var (start, id, _) = DecodeOccurrence(token, field);
        return (start, id);
    }

    /// <exception cref="EventValidationException">The token was not made by <see cref="Encode"/>.</exception>
    public static (DateTimeOffset Start, string Id, string OccurrenceId) DecodeOccurrence(string token, string field)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split(':');
            if (parts.Length == 3 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                return (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1], parts[2]);
            }
        }
        catch (FormatException)
        {
            // Reported below.
        }

        throw new EventValidationException(field, "is not a page token this call returned");
    }
}
