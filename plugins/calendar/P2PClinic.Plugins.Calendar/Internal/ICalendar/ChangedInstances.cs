using System.Globalization;
using P2PClinic.Plugins.Calendar.Internal.Model;

namespace P2PClinic.Plugins.Calendar.Internal.ICalendar;

/// <summary>
/// The changed instances among events to export: an event whose UID is <c>&lt;series uid&gt;#&lt;original start&gt;</c>
/// (<see cref="OrgCalendar.InstanceUid"/>, what <c>ChangeOccurrence</c> and the import store) of a repeating event in
/// the same export that leaves that start out (its exception date). Such an event is written the way RFC 5545 section
/// 3.8.4.4 and other clients record a moved occurrence: a VEVENT with the series' UID and a RECURRENCE-ID of the
/// original start, and the series without that exception date. Anything else (no such series, the series holds no
/// such exception date, a second copy of the same instance made by two members at once) stays an event of its own.
/// </summary>
internal sealed class ChangedInstances
{
    private readonly Dictionary<Event, (Event Series, EventTime OriginalStart)> _byEvent = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, HashSet<EventTime>> _replacedBySeriesUid = new(StringComparer.Ordinal);

    private ChangedInstances()
    {
    }

    /// <summary>Finds the changed instances among <paramref name="events"/>.</summary>
    public static ChangedInstances Find(IReadOnlyList<Event> events)
    {
        var found = new ChangedInstances();
        var series = new Dictionary<string, Event>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.RecurrenceRule.Length > 0 && e.Uid.Length > 0)
            {
                series.TryAdd(e.Uid, e);
            }
        }

        foreach (var e in events)
        {
            if (e.RecurrenceRule.Length > 0
                || !TryParseInstanceUid(e.Uid, out var seriesUid, out var originalStart)
                || !series.TryGetValue(seriesUid, out var master)
                || originalStart.HasTime == master.IsAllDay
                || !master.ExceptionDates.Contains(originalStart))
            {
                continue;
            }

            if (!found._replacedBySeriesUid.TryGetValue(seriesUid, out var replaced))
            {
                found._replacedBySeriesUid[seriesUid] = replaced = [];
            }

            if (replaced.Add(originalStart))
            {
                found._byEvent[e] = (master, originalStart);
            }
        }

        return found;
    }

    /// <summary>The series and the original start when <paramref name="e"/> is written as a changed instance.</summary>
    public bool TryGetInstance(Event e, out Event series, out EventTime originalStart)
    {
        if (_byEvent.TryGetValue(e, out var instance))
        {
            (series, originalStart) = instance;
            return true;
        }

        (series, originalStart) = (e, default);
        return false;
    }

    /// <summary>The exception dates of <paramref name="series"/> to write: those a changed instance in the file replaces left out.</summary>
    public IEnumerable<EventTime> ExceptionDatesToWrite(Event series) =>
        series.RecurrenceRule.Length > 0 && _replacedBySeriesUid.TryGetValue(series.Uid, out var replaced)
            ? series.ExceptionDates.Where(d => !replaced.Contains(d))
            : series.ExceptionDates;

    /// <summary>Reads <see cref="OrgCalendar.InstanceUid"/>'s form back: <c>&lt;uid&gt;#yyyyMMddTHHmmss</c> or <c>&lt;uid&gt;#yyyyMMdd</c>.</summary>
    internal static bool TryParseInstanceUid(string uid, out string seriesUid, out EventTime originalStart)
    {
        seriesUid = "";
        originalStart = default;
        var hash = uid.LastIndexOf('#');
        if (hash <= 0)
        {
            return false;
        }

        var suffix = uid[(hash + 1)..];
        if (DateTime.TryParseExact(suffix, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            originalStart = EventTime.FromDateTime(start);
        }
        else if (DateOnly.TryParseExact(suffix, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            originalStart = new EventTime(date, null);
        }
        else
        {
            return false;
        }

        seriesUid = uid[..hash];
        return true;
    }
}
