using System.Collections.Concurrent;
using NodaTime;

namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>
/// Time zone ids as the calendar accepts them: IANA ids known both to the system (tzdata) and to the tz database
/// that recurrence expansion uses (NodaTime's, through Ical.Net), so a zone that validates always expands.
/// Windows ids (Outlook writes them, e.g. <c>W. Europe Standard Time</c>) are mapped to their IANA id.
/// </summary>
internal static class EventTimeZones
{
    private static readonly ConcurrentDictionary<string, string?> Resolved = new(StringComparer.Ordinal);

    /// <summary>The IANA id for <paramref name="id"/> (an IANA or Windows id), or null when no zone has that id.</summary>
    public static string? ToIana(string id) => Resolved.GetOrAdd(id.Trim(), Resolve);

    /// <summary>The zone to convert wall clocks with: UTC for an empty id.</summary>
    /// <exception cref="EventValidationException">The id names no known zone.</exception>
    public static DateTimeZone Zone(string ianaId) =>
        ianaId.Length == 0
            ? DateTimeZone.Utc
            : DateTimeZoneProviders.Tzdb.GetZoneOrNull(ianaId) ?? throw new EventValidationException("time_zone", $"'{ianaId}' is not a known IANA time zone");

    private static string? Resolve(string id)
    {
        if (id.Length == 0)
        {
            return null;
        }

        var iana = TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var converted) ? converted : id;
        try
        {
            _ = TimeZoneInfo.FindSystemTimeZoneById(iana);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }

        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(iana) is null ? null : iana;
    }
}
