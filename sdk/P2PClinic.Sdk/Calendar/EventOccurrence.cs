namespace P2PClinic.Sdk.Calendar;

/// <summary>One occurrence of a calendar event: the event itself when it does not recur, one instance of it when it does.</summary>
/// <param name="EventId">The event's id in the org's document.</param>
/// <param name="OccurrenceId">
/// The occurrence's stable key within its event, its recurrence id in iCalendar terms (RFC 5545 section 3.8.4.4):
/// the original start in UTC as <c>yyyyMMdd'T'HHmmss'Z'</c> for timed events, or the date as <c>yyyyMMdd</c> for
/// all-day events. It does not change when the event's title or duration is edited, so state keyed by it
/// (a dismissed reminder) stays attached to the same occurrence.
/// </param>
/// <param name="Title">The event's title.</param>
/// <param name="Start">When the occurrence starts. All-day occurrences start at midnight in the event's time zone (UTC when it has none).</param>
/// <param name="End">When the occurrence ends (exclusive); never before <paramref name="Start"/>.</param>
/// <param name="IsAllDay">Whether the event is given as dates rather than times.</param>
/// <param name="TimeZone">The IANA time zone the event is defined in (<c>Europe/Paris</c>), or null for floating UTC and all-day events without one.</param>
public sealed record EventOccurrence(
    string EventId,
    string OccurrenceId,
    string Title,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool IsAllDay,
    string? TimeZone);
