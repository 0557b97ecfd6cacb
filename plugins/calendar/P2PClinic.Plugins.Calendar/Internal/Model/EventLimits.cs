namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>Documented limits (calendar.proto, docs/calendar.md), in UTF-16 code units.</summary>
internal static class EventLimits
{
    public const int Title = 1024;
    public const int Location = 1024;
    public const int Description = 32_768;
    public const int Attendees = 500;

    /// <summary>RFC 5321 section 4.5.3.1.3 path limit minus the angle brackets.</summary>
    public const int Email = 254;

    /// <summary>RFC 5321 section 4.5.3.1.1.</summary>
    public const int EmailLocalPart = 64;

    public const int DisplayName = 256;
    public const int RecurrenceRule = 1024;
    public const int ExceptionDates = 1000;
    public const int Uid = 1024;

    /// <summary>The widest occurrence range one call may ask for.</summary>
    public static readonly TimeSpan OccurrenceRange = TimeSpan.FromDays(366 * 100);
}
