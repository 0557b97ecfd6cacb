using System.Globalization;

namespace P2PClinic.Sdk.Records;

/// <summary>
/// Times as records store them: ISO 8601 UTC text to the millisecond (<c>2026-12-01T09:00:00.000Z</c>), the same
/// text in every client, unlike numbers (Yjs encodes big integers as floats).
/// </summary>
public static class RecordTime
{
    private const string StoredFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The stored text of <paramref name="time"/> (truncated to the millisecond).</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(StoredFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a stored time; false when <paramref name="value"/> is not a time's text.</summary>
    /// <param name="value">What the document holds.</param>
    /// <param name="time">The time (UTC), or default.</param>
    /// <returns>Whether it was a time.</returns>
    public static bool TryParse(object? value, out DateTimeOffset time)
    {
        time = default;
        if (value is not string text)
        {
            return false;
        }

        // The exact stored form first (every record read parses two times); then any ISO 8601 text a peer wrote.
        return DateTimeOffset.TryParseExact(text, StoredFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary><paramref name="time"/> truncated to the millisecond: what a stored time reads back as.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The truncated time, in UTC.</returns>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerMillisecond)).ToUniversalTime();
}
