namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>
/// Wall clocks that do not exist in their zone: a spring-forward change skips them (02:00 to 03:00 in Paris on the
/// last Sunday of March). RFC 5545 section 3.3.5 reads such a time with the offset before the gap, which is the time
/// moved forward by the gap's length (02:30 is 03:30). The calendar stores that moved time, so the stored start, the
/// local listing, the UTC listing and the export all say the same, and tells the caller what it moved.
/// </summary>
internal static class TimeGaps
{
    /// <summary>The times of a timed event (start, end, exception dates) that lie in a gap of <paramref name="zoneId"/>, and what each becomes.</summary>
    public static List<TimeAdjustment> Find(Event e, string zoneId)
    {
        var found = new List<TimeAdjustment>();
        if (e.IsAllDay || zoneId.Length == 0)
        {
            return found;
        }

        var zone = EventTimeZones.Zone(zoneId);
        void Check(string field, EventTime time)
        {
            if (time.HasTime && EventClock.OutOfGap(time, zone) is var moved && moved != time)
            {
                found.Add(new TimeAdjustment(field, time, moved));
            }
        }

        Check("start", e.Start);
        if (e.End is { } end)
        {
            Check("end", end);
        }

        for (var i = 0; i < e.ExceptionDates.Count; i++)
        {
            Check($"recurrence.exdates[{i}]", e.ExceptionDates[i]);
        }

        return found;
    }

    /// <summary>The note an import gives for a moved time: "start 2026-03-29T02:30:00 does not exist in Europe/Paris ...".</summary>
    public static string Describe(TimeAdjustment adjustment, string zoneId) =>
        $"{adjustment.Field} {adjustment.Given} does not exist in {zoneId} (the clocks skip it); stored as {adjustment.Stored}";
}

/// <summary>A time moved out of a gap: the field ("start", "end", "recurrence.exdates[i]"), the wall clock given, the one stored.</summary>
internal sealed record TimeAdjustment(string Field, EventTime Given, EventTime Stored);
