using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Time;

/// <summary>
/// Reads <c>--tz</c> and pins wall-clock times to a zone. Events carry IANA zone names (<c>Europe/Paris</c>) because
/// those are what iCalendar peers and every other platform understand; a Windows zone name is translated to its
/// IANA equivalent.
/// </summary>
internal static class ZoneOption
{
    /// <summary>
    /// The zone <c>--tz</c> names, or the machine's own when it is not given. Fails with a usage error naming
    /// <paramref name="option"/> when the zone is unknown, or when the machine's zone has no IANA name (a custom or
    /// unnamed zone): guessing UTC there would silently shift every time the user typed.
    /// </summary>
    public static TimeZoneInfo Resolve(string option, string? name, TimeZoneInfo? local = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            local ??= TimeZoneInfo.Local;
            return IanaName(local) is not null
                ? local
                : throw new CliException(
                    $"{option}: this machine's time zone '{local.Id}' has no IANA name; give one, e.g. {option} Europe/Paris",
                    ExitCodes.Usage);
        }

        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(name.Trim());
            if (IanaName(zone) is null)
            {
                throw new CliException($"{option}: '{name}' has no IANA name; use one such as Europe/Paris", ExitCodes.Usage);
            }

            return zone;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new CliException($"{option}: unknown time zone '{name}' (use an IANA name such as Europe/Paris or America/New_York)", ExitCodes.Usage);
        }
    }

    /// <summary>
    /// The zone to read and show times in: the one <c>--tz</c> names, else the machine's own, IANA-named or not
    /// (showing times needs no name).
    /// </summary>
    public static TimeZoneInfo ForDisplay(string option, string? name) =>
        string.IsNullOrWhiteSpace(name) ? TimeZoneInfo.Local : Resolve(option, name);

    /// <summary>The IANA name of <paramref name="zone"/> (what events store), or null when it has none.</summary>
    public static string? IanaName(TimeZoneInfo zone)
    {
        if (zone.HasIanaId)
        {
            return zone.Id;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null;
    }

    /// <summary>
    /// The instant a wall-clock time names in <paramref name="zone"/>, by the rules of RFC 5545 section 3.3.5: a
    /// time that occurs twice (clocks going back) is its first occurrence; a time that never occurs (clocks
    /// skipping forward) is read with the offset in force before the gap, which lands it after the gap.
    /// </summary>
    public static DateTimeOffset Pin(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // A day earlier is before the gap and after any earlier change: zones never change offset twice in a day.
            var before = zone.GetUtcOffset(local.AddDays(-1));
            return TimeZoneInfo.ConvertTime(new DateTimeOffset(local, before), zone);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // The first occurrence is the one with the larger offset (before the clocks went back).
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
