using System.Globalization;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>
/// Reads the calendar's occurrence ids (see <c>EventOccurrence.OccurrenceId</c>): the original start in UTC as
/// <c>yyyyMMdd'T'HHmmss'Z'</c> for timed events, the date as <c>yyyyMMdd</c> for all-day events (RFC 5545
/// section 3.8.4.4, RECURRENCE-ID). The instant tells where to look for the occurrence, never what it is: the
/// calendar's own expansion decides whether the event has it.
/// </summary>
internal static class OccurrenceIds
{
    /// <summary>The instant an occurrence id names (an all-day date: its midnight in UTC); false when it is not an occurrence id.</summary>
    public static bool TryParse(string occurrenceId, out DateTimeOffset originalStart)
    {
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        return DateTimeOffset.TryParseExact(occurrenceId, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, styles, out originalStart)
            || DateTimeOffset.TryParseExact(occurrenceId, "yyyyMMdd", CultureInfo.InvariantCulture, styles, out originalStart);
    }
}
