using System.Globalization;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Time;

/// <summary>
/// Reads a length of time: <c>15m</c>, <c>1h</c>, <c>2d</c>, <c>1h30m</c>, <c>1w</c>, <c>90s</c>. Units are
/// w(eeks), d(ays), h(ours), m(inutes) and s(econds), each at most once, largest first, so a typo such as
/// <c>1m1m</c> or <c>30m1h</c> is refused rather than guessed at.
/// </summary>
internal static class DurationOption
{
    private static readonly (char Unit, TimeSpan Size)[] Units =
    [
        ('w', TimeSpan.FromDays(7)), ('d', TimeSpan.FromDays(1)), ('h', TimeSpan.FromHours(1)),
        ('m', TimeSpan.FromMinutes(1)), ('s', TimeSpan.FromSeconds(1)),
    ];

    // Ten years: long enough for any reminder or event, short enough that no sum overflows.
    private static readonly TimeSpan Longest = TimeSpan.FromDays(3660);

    public static TimeSpan Parse(string option, string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value.Length == 0)
        {
            throw Error(option, text, "it is empty");
        }

        var total = TimeSpan.Zero;
        var nextUnit = 0;
        var position = 0;
        while (position < value.Length)
        {
            var digits = position;
            while (position < value.Length && char.IsAsciiDigit(value[position]))
            {
                position++;
            }

            if (position == digits)
            {
                throw Error(option, text, $"expected a number at '{value[digits..]}'");
            }

            if (position == value.Length)
            {
                throw Error(option, text, $"'{value[digits..]}' has no unit");
            }

            var unit = value[position];
            var index = Array.FindIndex(Units, u => u.Unit == unit);
            if (index < 0)
            {
                throw Error(option, text, $"unknown unit '{unit}'");
            }

            if (index < nextUnit)
            {
                throw Error(option, text, $"'{unit}' comes twice or after a smaller unit");
            }

            if (!long.TryParse(value.AsSpan(digits, position - digits), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || count > Longest.Ticks / Units[index].Size.Ticks)
            {
                throw Error(option, text, "it is too long");
            }

            total += Units[index].Size * count;
            nextUnit = index + 1;
            position++;
        }

        return total <= Longest ? total : throw Error(option, text, "it is too long");
    }

    /// <summary>A length as the options take it, largest units first: <c>1h30m</c>, <c>2d</c>, <c>0m</c>.</summary>
    public static string Format(TimeSpan length)
    {
        var text = new System.Text.StringBuilder();
        var rest = length.Duration();
        foreach (var (unit, size) in Units)
        {
            var count = rest.Ticks / size.Ticks;
            if (count > 0)
            {
                text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
                rest -= size * count;
            }
        }

        return text.Length == 0 ? "0m" : (length < TimeSpan.Zero ? "-" : "") + text;
    }

    private static CliException Error(string option, string text, string why) => new(
        $"{option}: cannot read '{text}' as a length of time ({why}); use a number and a unit w, d, h, m or s, e.g. 15m, 1h30m, 2d",
        ExitCodes.Usage);
}
