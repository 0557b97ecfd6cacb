using System.Globalization;

namespace P2PClinic.Plugins.Contacts.Internal.Model;

/// <summary>A birthday, possibly without a year (vCard 4.0 <c>--MMDD</c>).</summary>
internal sealed record Birthday(int? Year, int Month, int Day)
{
    /// <summary>Parses the forms this plugin stores and accepts on its API: <c>yyyy-MM-dd</c> or <c>--MM-dd</c>.</summary>
    public static bool TryParse(string text, out Birthday? birthday)
    {
        birthday = null;
        if (text.Length == 10 && text[4] == '-' && text[7] == '-'
            && TryDigits(text.AsSpan(0, 4), out var year) && TryDigits(text.AsSpan(5, 2), out var month) && TryDigits(text.AsSpan(8, 2), out var day))
        {
            return TryCreate(year, month, day, out birthday);
        }

        if (text.Length == 7 && text.StartsWith("--", StringComparison.Ordinal) && text[4] == '-'
            && TryDigits(text.AsSpan(2, 2), out month) && TryDigits(text.AsSpan(5, 2), out day))
        {
            return TryCreate(null, month, day, out birthday);
        }

        return false;
    }

    /// <summary>Validates the parts: a real calendar date (29 February only without a year or in a leap year).</summary>
    public static bool TryCreate(int? year, int month, int day, out Birthday? birthday)
    {
        birthday = null;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1)
        {
            return false;
        }

        // Without a year any day of the month that exists in some year is fine (29 February included).
        var daysInMonth = DateTime.DaysInMonth(year ?? 2000, month);
        if (day > daysInMonth)
        {
            return false;
        }

        birthday = new Birthday(year, month, day);
        return true;
    }

    /// <summary><c>yyyy-MM-dd</c>, or <c>--MM-dd</c> without a year: the form stored in the document and shown on the API.</summary>
    public override string ToString() =>
        Year is { } y
            ? string.Create(CultureInfo.InvariantCulture, $"{y:0000}-{Month:00}-{Day:00}")
            : string.Create(CultureInfo.InvariantCulture, $"--{Month:00}-{Day:00}");

    internal static bool TryDigits(ReadOnlySpan<char> span, out int value)
    {
        value = 0;
        foreach (var c in span)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return span.Length > 0;
    }
}
