using System.Globalization;
using P2PClinic.Plugins.Calendar.Internal.Model;

namespace P2PClinic.Plugins.Calendar.Internal.Recurrence;

/// <summary>
/// Checks the parts of an RRULE value against RFC 5545 section 3.3.10, naming the part at fault in our own words, so
/// no library's message reaches a user: each part is NAME=VALUE, known, given once; COUNT and UNTIL not together;
/// numbers and days in their ranges.
/// </summary>
internal static class RecurrenceRuleParts
{
    private static readonly string[] Frequencies = ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"];
    private static readonly string[] Weekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    private static readonly string[] Known =
        ["FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST"];

    /// <exception cref="EventValidationException">A part is malformed, unknown, repeated or out of range.</exception>
    public static void Check(IEnumerable<string> parts)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part.Length == 0)
            {
                // "FREQ=DAILY;" as some writers end a rule: nothing there.
                continue;
            }

            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw Refused($"'{part}' is not a NAME=VALUE part (e.g. \"FREQ=WEEKLY\")");
            }

            var name = part[..equals].Trim().ToUpperInvariant();
            var value = part[(equals + 1)..].Trim().ToUpperInvariant();
            if (!Known.Contains(name))
            {
                throw Refused($"'{name}' is not an RRULE part ({string.Join(", ", Known)})");
            }

            if (!seen.Add(name))
            {
                throw Refused($"{name} is given more than once");
            }

            if (value.Length == 0)
            {
                throw Refused($"{name} has no value");
            }

            CheckValue(name, value);
        }

        if (seen.Contains("COUNT") && seen.Contains("UNTIL"))
        {
            throw Refused("COUNT and UNTIL exclude each other: give one");
        }
    }

    private static void CheckValue(string name, string value)
    {
        switch (name)
        {
            case "FREQ":
                if (!Frequencies.Contains(value))
                {
                    throw Refused($"FREQ={value} is not a frequency (DAILY, WEEKLY, MONTHLY or YEARLY)");
                }

                if (Array.IndexOf(Frequencies, value) < Array.IndexOf(Frequencies, "DAILY"))
                {
                    throw Refused($"FREQ={value} is not supported (DAILY, WEEKLY, MONTHLY or YEARLY)");
                }

                break;
            case "COUNT" or "INTERVAL":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                {
                    throw Refused($"{name}={value} is not a whole number of at least 1");
                }

                break;
            case "UNTIL":
                if (!IsDateOrDateTime(value))
                {
                    throw Refused($"UNTIL={value} is not a date (20261231) or a UTC date-time (20261231T235959Z)");
                }

                break;
            case "WKST":
                if (!Weekdays.Contains(value))
                {
                    throw Refused($"WKST={value} is not a day ({string.Join(", ", Weekdays)})");
                }

                break;
            case "BYDAY":
                foreach (var day in value.Split(','))
                {
                    if (!IsWeekdayNumber(day.Trim()))
                    {
                        throw Refused($"BYDAY: '{day}' is not a day, optionally with its week number (MO, -1FR, 2TU)");
                    }
                }

                break;
            default:
                var (lowest, highest) = name switch
                {
                    "BYMONTH" => (1, 12),
                    "BYMONTHDAY" => (-31, 31),
                    "BYYEARDAY" or "BYSETPOS" => (-366, 366),
                    "BYWEEKNO" => (-53, 53),
                    "BYHOUR" => (0, 23),
                    _ => (0, 60),
                };
                foreach (var item in value.Split(','))
                {
                    if (!int.TryParse(item.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < lowest || n > highest || (lowest < 0 && n == 0))
                    {
                        throw Refused($"{name}: '{item}' is not a number from {lowest} to {highest}{(lowest < 0 ? " (and not 0)" : "")}");
                    }
                }

                break;
        }
    }

    /// <summary>MO, +2TU, -1FR: a weekday after an optional week number of 1 to 53 (RFC 5545 "weekdaynum").</summary>
    private static bool IsWeekdayNumber(string text)
    {
        if (text.Length < 2 || !Weekdays.Contains(text[^2..]))
        {
            return false;
        }

        var ordinal = text[..^2];
        return ordinal.Length == 0
            || (int.TryParse(ordinal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var week) && week != 0 && Math.Abs(week) <= 53);
    }

    private static bool IsDateOrDateTime(string text) =>
        DateTime.TryParseExact(text, ["yyyyMMdd", "yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmmss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static EventValidationException Refused(string problem) => new(RecurrenceRules.Field, problem);
}
