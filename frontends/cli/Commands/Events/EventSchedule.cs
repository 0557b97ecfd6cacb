using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>
/// Turns the time options of an event into the calendar API's own forms: wall-clock date-times in the event's zone
/// for timed events, dates for all-day events (RFC 5545 section 3.3.4 and 3.3.5, as the calendar proto describes).
/// </summary>
internal sealed class EventSchedule(bool allDay, TimeZoneInfo zone, DateTimeOffset now)
{
    public bool AllDay => allDay;

    /// <summary>A time option (<c>--start</c>, <c>--end</c>, <c>--exdate</c>) in the API's form for this event.</summary>
    public string Point(string option, string text)
    {
        var time = TimeOption.Parse(option, text, now, zone);
        if (allDay)
        {
            return time is CommandTime.Date date
                ? WallClock.FormatDate(date.Value)
                : throw new CliException($"{option}: an all-day event takes a date such as 2026-12-01, not '{text}'", ExitCodes.Usage);
        }

        return time switch
        {
            CommandTime.WallClock wall => WallClock.FormatDateTime(wall.Local),
            CommandTime.Instant instant => WallClock.TryInZone(instant.Value, zone, out var local)
                ? WallClock.FormatDateTime(local.DateTime)
                : throw TimeOption.OutOfRange(option, text),
            _ => throw new CliException(
                $"{option}: '{text}' is a date; give a time (\"{text} 09:00\"), or add --all-day for an all-day event",
                ExitCodes.Usage),
        };
    }

    /// <summary>
    /// The end of an event starting at <paramref name="start"/> (API form) that lasts <paramref name="length"/>.
    /// Whole days are calendar days (a 1d event from 09:00 ends at 09:00 the next day, even across a
    /// daylight-saving change, as RFC 5545 section 3.3.6 counts them); the rest is exact time.
    /// </summary>
    public string EndAfter(string option, string start, TimeSpan length)
    {
        if (allDay)
        {
            if (length.Ticks % TimeSpan.TicksPerDay != 0 || length <= TimeSpan.Zero)
            {
                throw new CliException($"{option}: an all-day event lasts whole days (1d, 2d), not {length}", ExitCodes.Usage);
            }

            return Within(option, () => WallClock.FormatDate(ParseDate(start).AddDays(length.Days)));
        }

        var days = TimeSpan.FromDays(length.Days);
        var exact = length - days;
        return Within(option, () =>
        {
            var end = ZoneOption.Pin(ParseDateTime(start).AddDays(length.Days), zone) + exact;
            return WallClock.FormatDateTime(TimeZoneInfo.ConvertTime(end, zone).DateTime);
        });
    }

    /// <summary>
    /// The end that keeps an event's length when its start moves from <paramref name="oldStart"/> to
    /// <paramref name="newStart"/>; null when it had no end, or its times are in forms this schedule does not use
    /// (the event switches between all-day and timed).
    /// </summary>
    public string? KeepLength(string oldStart, string oldEnd, string newStart)
    {
        if (oldEnd.Length == 0)
        {
            return null;
        }

        if (allDay)
        {
            return WallClock.TryParseDate(oldStart, out var from) && WallClock.TryParseDate(oldEnd, out var to)
                ? Within("--start", () => WallClock.FormatDate(ParseDate(newStart).AddDays(to.DayNumber - from.DayNumber)))
                : null;
        }

        return WallClock.TryParseDateTime(oldStart, out var start) && WallClock.TryParseDateTime(oldEnd, out var end)
            ? Within("--start", () => WallClock.FormatDateTime(ParseDateTime(newStart) + (end - start)))
            : null;
    }

    /// <summary>An end computed from a start and a length; a usage error naming <paramref name="option"/> when it falls past the calendar's last day.</summary>
    private static string Within(string option, Func<string> end)
    {
        try
        {
            return end();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new CliException($"{option}: the event would end after the last day of the calendar (9999-12-31)", ExitCodes.Usage);
        }
    }

    private static DateOnly ParseDate(string text) =>
        WallClock.TryParseDate(text, out var date) ? date : throw new CliException($"the event's start '{text}' is not a date", ExitCodes.Failed);

    private static DateTime ParseDateTime(string text) =>
        WallClock.TryParseDateTime(text, out var local) ? local : throw new CliException($"the event's start '{text}' is not a date-time", ExitCodes.Failed);
}
