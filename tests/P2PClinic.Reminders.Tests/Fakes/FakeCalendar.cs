using System.Collections.Concurrent;
using P2PClinic.Crdt;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Reminders.Tests.Fakes;

/// <summary>
/// A calendar for scheduler unit tests only: events are entries of the document's <c>events</c> root (so deleting
/// one is a real document change, seen by the reminders plugin as the calendar's would be), their occurrences a
/// fixed list given by the test. The node tests run the real calendar plugin.
/// </summary>
internal sealed class FakeCalendar : ICalendarOccurrences
{
    public const string EventsRoot = CalendarCollections.Events;

    private readonly ConcurrentDictionary<string, IReadOnlyList<EventOccurrence>> _occurrences = new(StringComparer.Ordinal);

    /// <summary>A one-off timed event in UTC.</summary>
    public static IReadOnlyList<EventOccurrence> Single(string eventId, string title, DateTimeOffset start, TimeSpan? duration = null, string? timeZone = null) =>
        [Occurrence(eventId, title, start, duration ?? TimeSpan.FromHours(1), timeZone)];

    /// <summary>A daily event at a wall-clock time in a zone, <paramref name="days"/> times from <paramref name="firstDay"/>.</summary>
    public static IReadOnlyList<EventOccurrence> Daily(string eventId, string title, DateOnly firstDay, TimeOnly time, string timeZone, int days)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return [.. Enumerable.Range(0, days).Select(i =>
        {
            var wall = firstDay.AddDays(i).ToDateTime(time, DateTimeKind.Unspecified);
            var start = new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
            return Occurrence(eventId, title, start, TimeSpan.FromHours(1), timeZone);
        })];
    }

    public static EventOccurrence Occurrence(string eventId, string title, DateTimeOffset start, TimeSpan duration, string? timeZone) =>
        new(eventId, start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture), title, start, start + duration, false, timeZone);

    /// <summary>Stores the event in the document and registers its occurrences.</summary>
    public async Task AddEventAsync(IOrgDocument document, string eventId, IReadOnlyList<EventOccurrence> occurrences)
    {
        _occurrences[eventId] = occurrences;
        await document.ChangeAsync(t =>
        {
            var entry = new YMap();
            t.Doc.GetMap(EventsRoot).Set(eventId, entry);
            entry.Set("title", occurrences.Count > 0 ? occurrences[0].Title : "");
        });
    }

    /// <summary>Registers occurrences of an event some other document stores (merged from a peer).</summary>
    public void Register(string eventId, IReadOnlyList<EventOccurrence> occurrences) => _occurrences[eventId] = occurrences;

    public static Task DeleteEventAsync(IOrgDocument document, string eventId) =>
        document.ChangeAsync(t => t.Doc.GetMap(EventsRoot).Delete(eventId));

    public IReadOnlyList<EventOccurrence> ListOccurrences(IOrgDocument document, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        return [.. _occurrences.Keys.Where(id => Contains(document, id)).SelectMany(id => Overlapping(id, from, to)).OrderBy(o => o.Start).ThenBy(o => o.EventId, StringComparer.Ordinal)];
    }

    public IReadOnlyList<EventOccurrence> ListOccurrences(IOrgDocument document, string eventId, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        return Contains(document, eventId) ? [.. Overlapping(eventId, from, to)] : [];
    }

    public bool Contains(IOrgDocument document, string eventId) => document.Read(doc => doc.GetMap(EventsRoot).ContainsKey(eventId));

    private IEnumerable<EventOccurrence> Overlapping(string eventId, DateTimeOffset from, DateTimeOffset to) =>
        _occurrences.TryGetValue(eventId, out var list) ? list.Where(o => o.Start < to && (o.End > from || (o.End == o.Start && o.Start >= from))) : [];
}
