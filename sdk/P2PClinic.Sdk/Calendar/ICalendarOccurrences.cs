namespace P2PClinic.Sdk.Calendar;

/// <summary>
/// The calendar as other plugins see it: the events of an org's document expanded into occurrences. The calendar
/// plugin (<c>p2pclinic.calendar</c>) registers it in the node's container; a plugin that resolves it declares a
/// dependency on that plugin, so the node starts the calendar first.
/// </summary>
/// <remarks>
/// Reads see the document as it is at the moment of the call, including updates merged from peers; they never
/// write. Every method is safe to call from any thread.
/// </remarks>
public interface ICalendarOccurrences
{
    /// <summary>
    /// The occurrences of every event in the org that overlap <c>[from, to)</c>, recurring events expanded, in
    /// order of start (then event id).
    /// </summary>
    /// <param name="document">The org's open document.</param>
    /// <param name="from">The start of the range (inclusive).</param>
    /// <param name="to">The end of the range (exclusive); must not be before <paramref name="from"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    IReadOnlyList<EventOccurrence> ListOccurrences(IOrgDocument document, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The occurrences of one event that overlap <c>[from, to)</c>, in order of start; empty when the org holds no such event.</summary>
    /// <param name="document">The org's open document.</param>
    /// <param name="eventId">The event.</param>
    /// <param name="from">The start of the range (inclusive).</param>
    /// <param name="to">The end of the range (exclusive); must not be before <paramref name="from"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    IReadOnlyList<EventOccurrence> ListOccurrences(IOrgDocument document, string eventId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Whether the org's document holds the event (deleted events are gone).</summary>
    /// <param name="document">The org's open document.</param>
    /// <param name="eventId">The event.</param>
    bool Contains(IOrgDocument document, string eventId);
}
