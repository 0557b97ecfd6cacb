namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>
/// When a lead-time reminder of an occurrence comes due. Whole days of the lead are calendar days in the
/// occurrence's time zone and the rest is exact time, as RFC 5545 section 3.3.6 defines a duration's days
/// ("the exact duration requires the subtraction or addition of the change of duration of the discontinuity"):
/// "1 day before 09:00" is 09:00 the day before even when a daylight-saving change lies between, while
/// "15 minutes before" is always 15 real minutes.
/// </summary>
internal static class LeadTime
{
    /// <summary>The due time of an occurrence starting at <paramref name="start"/> in <paramref name="timeZone"/> (IANA id; null or unknown: UTC).</summary>
    public static DateTimeOffset DueTime(DateTimeOffset start, string? timeZone, TimeSpan lead)
    {
        var days = lead.Days;
        var rest = lead - TimeSpan.FromDays(days);
        var zone = Zone(timeZone);
        if (days == 0 || zone is null)
        {
            return start - lead;
        }

        var wall = TimeZoneInfo.ConvertTime(start, zone).DateTime.AddDays(-days);
        return ToInstant(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), zone) - rest;
    }

    /// <summary>
    /// The instant of a wall-clock time in a zone. A time skipped by a change to daylight saving time takes the
    /// offset in effect before the gap (so 02:30 becomes 03:30), an ambiguous one its first occurrence, as
    /// RFC 5545 section 3.3.5 says for DATE-TIME values.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wall))
        {
            // Six hours back is before any gap and after the previous transition in every zone's rules.
            var before = zone.GetUtcOffset(wall.AddHours(-6));
            return new DateTimeOffset(wall, before).ToUniversalTime();
        }

        if (zone.IsAmbiguousTime(wall))
        {
            // The larger offset is the earlier instant.
            var first = zone.GetAmbiguousTimeOffsets(wall).Max();
            return new DateTimeOffset(wall, first).ToUniversalTime();
        }

        return new DateTimeOffset(wall, zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    private static TimeZoneInfo? Zone(string? timeZone)
    {
        if (string.IsNullOrEmpty(timeZone))
        {
            return null;
        }

        // The calendar validated the zone when the event was stored; one this machine lacks degrades to exact time.
        return TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) ? zone : null;
    }
}
