using NodaTime;
using NodaTime.TimeZones;

namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>Derives UTC instants from wall clocks. The wall clock is the truth; an instant is only ever computed.</summary>
internal static class EventClock
{
    /// <summary>
    /// The instant a wall clock denotes in <paramref name="zone"/> (midnight for a date). A time that does not exist
    /// (skipped by a spring-forward change) is read with the offset before the gap, so 02:30 on a day that jumps from
    /// 02:00 to 03:00 is 03:30 (RFC 5545 section 3.3.5); a time that exists twice is its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(EventTime time, DateTimeZone zone)
    {
        var local = LocalDateTime.FromDateTime(time.ToDateTime());
        return zone.ResolveLocal(local, Resolvers.LenientResolver).ToDateTimeOffset().ToUniversalTime();
    }

    /// <summary>The wall clock in <paramref name="zone"/> at <paramref name="instant"/>.</summary>
    public static EventTime ToWallClock(DateTimeOffset instant, DateTimeZone zone) =>
        EventTime.FromDateTime(Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime.ToDateTimeUnspecified());
}
