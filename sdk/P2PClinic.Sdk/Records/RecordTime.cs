using System.Globalization;

namespace P2PClinic.Sdk.Records;

/// <summary>
/// Times as records store them: ISO 8601 UTC text to the millisecond (<c>2026-12-01T09:00:00.000Z</c>), the same
/// text in every client, unlike numbers (Yjs encodes big integers as floats).
/// </summary>
public static class RecordTime
{
    /// <summary>The stored text of <paramref name="time"/> (truncated to the millisecond).</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads a stored time; false when <paramref name="value"/> is not a time's text.</summary>
    /// <param name="value">What the document holds.</param>
    /// <param name="time">The time (UTC), or default.</param>
    /// <returns>Whether it was a time.</returns>
    public static bool TryParse(object? value, out DateTimeOffset time)
    {
        time = default;
        return value is string text
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    /// <summary><paramref name="time"/> truncated to the millisecond: what a stored time reads back as.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The truncated time, in UTC.</returns>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time) =>
        time.AddTicks(-(time.UtcTicks % TimeSpan.TicksPerMillisecond)).ToUniversalTime();
}
