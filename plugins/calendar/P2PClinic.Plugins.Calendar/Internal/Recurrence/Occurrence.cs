using P2PClinic.Plugins.Calendar.Internal.Model;

namespace P2PClinic.Plugins.Calendar.Internal.Recurrence;

/// <summary>One occurrence of an event, with its instants and its wall clock in the event's zone.</summary>
/// <param name="Event">The event it belongs to.</param>
/// <param name="OccurrenceId">Its recurrence id: the start in UTC (<c>yyyyMMddTHHmmssZ</c>) or the date (<c>yyyyMMdd</c>) for all-day events.</param>
/// <param name="Start">When it starts.</param>
/// <param name="End">When it ends (exclusive), never before <paramref name="Start"/>.</param>
/// <param name="LocalStart">The start as a wall clock in the event's zone, or a date.</param>
/// <param name="LocalEnd">The end as a wall clock in the event's zone, or a date.</param>
internal sealed record Occurrence(Event Event, string OccurrenceId, DateTimeOffset Start, DateTimeOffset End, EventTime LocalStart, EventTime LocalEnd)
{
    /// <summary>The order occurrences are listed in: by start, then event id, then occurrence id.</summary>
    public static readonly Comparer<Occurrence> Order = Comparer<Occurrence>.Create((a, b) =>
    {
        var c = a.Start.CompareTo(b.Start);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Event.Id, b.Event.Id);
        }

        return c != 0 ? c : string.CompareOrdinal(a.OccurrenceId, b.OccurrenceId);
    });

    /// <summary>Whether it overlaps <c>[from, to)</c>; an occurrence without duration counts when it starts inside.</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => Start < to && (End > from || Start >= from);
}
