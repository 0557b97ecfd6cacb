using System.Globalization;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Time;

/// <summary>
/// Reads a time option (<c>--start</c>, <c>--from</c>, <c>--at</c>, ...). The forms, documented in the CLI's README:
/// <list type="bullet">
/// <item><c>2026-12-01T09:00:00+01:00</c>, <c>2026-12-01T08:00Z</c>, <c>2026-12-01 09:00+01:00</c>: an exact instant.</item>
/// <item><c>2026-12-01 09:00</c>, <c>2026-12-01T09:00</c>, <c>2026-12-01 09:00:30</c>: a wall-clock time, in the zone the command uses.</item>
/// <item><c>2026-12-01</c>: a date (all-day with <c>--all-day</c>, or midnight).</item>
/// <item><c>09:00</c>: today at that time; <c>today</c>, <c>tomorrow</c>, <c>yesterday</c>, optionally followed by a time (<c>tomorrow 09:00</c>).</item>
/// <item><c>now</c>, <c>+15m</c>, <c>+1h30m</c>: relative to now.</item>
/// </list>
/// </summary>
internal static class TimeOption
{
    private static readonly string[] WallClockFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    private static readonly string[] OffsetFormats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
    ];

    private static readonly string[] TimeOfDayFormats = ["HH:mm", "H:mm", "HH:mm:ss", "H:mm:ss"];

    /// <summary>
    /// Parses <paramref name="text"/>; relative forms count from <paramref name="now"/>, and <c>today</c> is the date in
    /// <paramref name="zone"/>. Fails with a usage error naming <paramref name="option"/> and the accepted forms.
    /// </summary>
    public static CommandTime Parse(string option, string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            throw Unparseable(option, text);
        }

        if (value.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return new CommandTime.Instant(now);
        }

        if (value[0] == '+')
        {
            var length = DurationOption.Parse(option, value[1..]);
            return DateTimeOffset.MaxValue - now >= length ? new CommandTime.Instant(now + length) : throw OutOfRange(option, text);
        }

        if (DateTimeOffset.TryParseExact(value, OffsetFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact)
            && HasExplicitOffset(value))
        {
            return new CommandTime.Instant(exact);
        }

        if (DateTime.TryParseExact(value, WallClockFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            return new CommandTime.WallClock(wall);
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new CommandTime.Date(date);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        if (TryTimeOfDay(value, out var timeOfDay))
        {
            return new CommandTime.WallClock(today.ToDateTime(timeOfDay));
        }

        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var word = space < 0 ? value : value[..space];
        DateOnly? day = word.ToLowerInvariant() switch
        {
            "today" => today,
            "tomorrow" => today.AddDays(1),
            "yesterday" => today.AddDays(-1),
            _ => null,
        };
        if (day is { } named)
        {
            if (space < 0)
            {
                return new CommandTime.Date(named);
            }

            if (TryTimeOfDay(value[(space + 1)..].Trim(), out var at))
            {
                return new CommandTime.WallClock(named.ToDateTime(at));
            }
        }

        throw Unparseable(option, text);
    }

    /// <summary>
    /// Parses like <see cref="Parse"/> and pins the time to an instant in <paramref name="zone"/>; a wall clock whose
    /// instant falls before year 1 or after year 9999 in UTC is a usage error naming <paramref name="option"/>.
    /// </summary>
    public static DateTimeOffset ParseInstant(string option, string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        var time = Parse(option, text, now, zone);
        try
        {
            return time.ToInstant(zone);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw OutOfRange(option, text);
        }
    }

    /// <summary>The usage error for a time beyond either end of the calendar.</summary>
    public static CliException OutOfRange(string option, string text) =>
        new($"{option}: '{text.Trim()}' is outside the times the calendar holds (0001-01-01 to 9999-12-31 in UTC)", ExitCodes.Usage);

    private static bool TryTimeOfDay(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, TimeOfDayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    // "K" also matches an empty offset; only a written Z or ±hh:mm makes the time exact.
    private static bool HasExplicitOffset(string value)
    {
        var timeStart = value.IndexOfAny(['T', ' ']);
        return value.EndsWith('Z') || value.EndsWith('z') || (timeStart > 0 && value.AsSpan(timeStart).IndexOfAny('+', '-') >= 0);
    }

    private static CliException Unparseable(string option, string text) => new(
        $"{option}: cannot read '{text}' as a time; use 2026-12-01 09:00, 2026-12-01T09:00+01:00, 2026-12-01, 09:00, today, tomorrow 09:00, now or +15m",
        ExitCodes.Usage);
}
