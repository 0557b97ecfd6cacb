using System.Globalization;

namespace P2PClinic.Cli.Commands.Time;

/// <summary>
/// The text forms the calendar API uses for an event's own times: wall-clock date-times in the event's zone
/// (<c>2026-12-01T09:00:00</c>) and dates (<c>2026-12-01</c>), and how the CLI shows instants to people.
/// </summary>
internal static class WallClock
{
    private static readonly string[] DateTimeForms = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];

    public static string FormatDateTime(DateTime local) => local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static bool TryParseDateTime(string text, out DateTime local) =>
        DateTime.TryParseExact(text, DateTimeForms, CultureInfo.InvariantCulture, DateTimeStyles.None, out local);

    public static bool TryParseDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>An instant as people read it in <paramref name="zone"/>: <c>Tue 2026-12-01 09:00</c> (with "UTC" where the zone's clock would leave the calendar).</summary>
    public static string Show(DateTimeOffset instant, TimeZoneInfo zone) =>
        TryInZone(instant, zone, out var local)
            ? local.ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : instant.UtcDateTime.ToString("ddd yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The instant on <paramref name="zone"/>'s clock; false at the ends of the calendar, where that clock is before year 1 or after year 9999.</summary>
    public static bool TryInZone(DateTimeOffset instant, TimeZoneInfo zone, out DateTimeOffset local)
    {
        // TimeZoneInfo.ConvertTime clamps such a clock to the calendar's last (or first) tick instead of failing.
        var offset = zone.GetUtcOffset(instant);
        var ticks = (Int128)instant.UtcTicks + offset.Ticks;
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            local = instant;
            return false;
        }

        local = new DateTimeOffset((long)ticks, offset);
        return true;
    }

    /// <summary>A date as people read it: <c>Thu 2026-12-24</c>.</summary>
    public static string Show(DateOnly date) => date.ToString("ddd yyyy-MM-dd", CultureInfo.InvariantCulture);
}
