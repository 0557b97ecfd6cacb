using System.Globalization;

namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>
/// A wall-clock date-time, or a date alone, with no zone: the truth of an event's start, end and exception dates.
/// The zone comes from the event; UTC instants are derived (<see cref="EventClock"/>), never stored.
/// </summary>
/// <param name="Date">The calendar date.</param>
/// <param name="Time">The time of day; null for a date (all-day events).</param>
internal readonly record struct EventTime(DateOnly Date, TimeOnly? Time) : IComparable<EventTime>
{
    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public bool HasTime => Time.HasValue;

    /// <summary>The wall clock as a <see cref="DateTime"/> of unspecified kind (midnight for a date).</summary>
    public DateTime ToDateTime() => Date.ToDateTime(Time ?? TimeOnly.MinValue, DateTimeKind.Unspecified);

    public static EventTime FromDateTime(DateTime value) => new(DateOnly.FromDateTime(value), TimeOnly.FromDateTime(value));

    /// <summary>The same moment as a date (time dropped) or as a date-time (midnight added).</summary>
    public EventTime As(bool hasTime) => hasTime == HasTime ? this : new(Date, hasTime ? TimeOnly.MinValue : null);

    /// <summary>Parses <c>yyyy-MM-dd</c>, <c>yyyy-MM-ddTHH:mm</c> or <c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    public static bool TryParse(string text, out EventTime time)
    {
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            time = new EventTime(date, null);
            return true;
        }

        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime))
        {
            time = FromDateTime(dateTime);
            return true;
        }

        time = default;
        return false;
    }

    /// <summary>Parses like <see cref="TryParse"/>, naming <paramref name="field"/> when it cannot.</summary>
    /// <exception cref="EventValidationException">The text is neither a date nor a date-time.</exception>
    public static EventTime Parse(string text, string field) =>
        TryParse(text, out var time)
            ? time
            : throw new EventValidationException(field, $"'{text}' is neither a date (yyyy-MM-dd) nor a date-time (yyyy-MM-ddTHH:mm[:ss])");

    /// <summary><c>yyyy-MM-dd</c> or <c>yyyy-MM-ddTHH:mm:ss</c>: the form stored in the document and returned by the API.</summary>
    public override string ToString() =>
        Time is not null
            ? ToDateTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)
            : Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public int CompareTo(EventTime other) => ToDateTime().CompareTo(other.ToDateTime());
}
