using NodaTime;
using NodaTime.TimeZones;

namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>Derives UTC instants from wall clocks. The wall clock is the truth; an instant is only ever computed.</summary>
/// <remarks>
/// A wall clock near the ends of the calendar (year 1 east of UTC, year 9999 west of it) denotes an instant that
/// <see cref="DateTimeOffset"/> cannot hold. Validation refuses such times (<see cref="TryToInstant"/>); a peer may
/// still have written one, so the conversions used on reads saturate at <see cref="DateTimeOffset.MinValue"/> and
/// <see cref="DateTimeOffset.MaxValue"/> instead of throwing.
/// </remarks>
internal static class EventClock
{
    /// <summary>
    /// The instant a wall clock denotes in <paramref name="zone"/> (midnight for a date). A time that does not exist
    /// (skipped by a spring-forward change) is read with the offset before the gap, so 02:30 on a day that jumps from
    /// 02:00 to 03:00 is 03:30 (RFC 5545 section 3.3.5); a time that exists twice is its first occurrence. Saturates
    /// at the ends of <see cref="DateTimeOffset"/>'s range.
    /// </summary>
    public static DateTimeOffset ToInstant(EventTime time, DateTimeZone zone)
    {
        var ticks = UtcTicks(time, zone);
        return ticks < DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue
            : ticks > DateTimeOffset.MaxValue.UtcTicks ? DateTimeOffset.MaxValue
            : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>
    /// The wall clock as <paramref name="zone"/> has it: unchanged when it exists (or is a date); moved forward by the
    /// length of the gap when a spring-forward change skips it, the same instant <see cref="ToInstant"/> gives (RFC 5545
    /// section 3.3.5: 02:30 on a day that jumps from 02:00 to 03:00 is 03:30).
    /// </summary>
    public static EventTime OutOfGap(EventTime time, DateTimeZone zone)
    {
        if (!time.HasTime)
        {
            return time;
        }

        var local = LocalDateTime.FromDateTime(time.ToDateTime());
        if (zone.MapLocal(local).Count > 0)
        {
            return time;
        }

        return EventTime.FromDateTime(zone.ResolveLocal(local, Resolvers.LenientResolver).LocalDateTime.ToDateTimeUnspecified());
    }

    /// <summary>Like <see cref="ToInstant"/>, but false when the instant lies outside what <see cref="DateTimeOffset"/> holds.</summary>
    public static bool TryToInstant(EventTime time, DateTimeZone zone, out DateTimeOffset instant)
    {
        var ticks = UtcTicks(time, zone);
        var inRange = ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks;
        instant = inRange ? new DateTimeOffset(ticks, TimeSpan.Zero) : default;
        return inRange;
    }

    /// <summary>The wall clock in <paramref name="zone"/> at <paramref name="instant"/>, saturating at the ends of the calendar.</summary>
    public static EventTime ToWallClock(DateTimeOffset instant, DateTimeZone zone)
    {
        var offset = zone.GetUtcOffset(Instant.FromDateTimeOffset(instant)).Ticks;
        var ticks = instant.UtcTicks + offset;
        return ticks < DateTime.MinValue.Ticks ? EventTime.FromDateTime(DateTime.MinValue)
            : ticks > DateTime.MaxValue.Ticks ? EventTime.FromDateTime(DateTime.MaxValue)
            : EventTime.FromDateTime(new DateTime(ticks, DateTimeKind.Unspecified));
    }

    /// <summary><paramref name="instant"/> moved by <paramref name="by"/>, saturating at the ends of <see cref="DateTimeOffset"/>'s range.</summary>
    public static DateTimeOffset Shift(DateTimeOffset instant, TimeSpan by)
    {
        var ticks = (Int128)instant.UtcTicks + by.Ticks;
        return ticks < DateTimeOffset.MinValue.UtcTicks ? DateTimeOffset.MinValue
            : ticks > DateTimeOffset.MaxValue.UtcTicks ? DateTimeOffset.MaxValue
            : new DateTimeOffset((long)ticks, TimeSpan.Zero);
    }

    /// <summary>The UTC ticks of the wall clock, possibly outside DateTimeOffset's range (never overflows a long).</summary>
    private static long UtcTicks(EventTime time, DateTimeZone zone)
    {
        var zoned = zone.ResolveLocal(LocalDateTime.FromDateTime(time.ToDateTime()), Resolvers.LenientResolver);

        // The resolved local time (a gap moves it forward) minus its offset; computed in ticks, as DateTimeOffset
        // itself refuses a UTC time before year 1 or after year 9999.
        return zoned.LocalDateTime.ToDateTimeUnspecified().Ticks - zoned.Offset.Ticks;
    }
}
