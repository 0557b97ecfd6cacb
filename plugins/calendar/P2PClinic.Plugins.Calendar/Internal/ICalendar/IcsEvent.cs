using P2PClinic.Plugins.Calendar.Internal.Model;

namespace P2PClinic.Plugins.Calendar.Internal.ICalendar;

/// <summary>
/// What one VEVENT block read as: an event draft (not yet validated) or why it cannot be read. A block with a
/// RECURRENCE-ID is a changed instance of another event (<see cref="RecurrenceId"/> names which).
/// </summary>
internal sealed record IcsEvent(IcsBlock Block, Event? Draft, EventTime? RecurrenceId, bool IsCancelled, int ErrorLine, string? Error)
{
    public static IcsEvent Failed(IcsBlock block, int line, string problem) => new(block, null, null, false, line, $"line {line}: {problem}");

    /// <summary>The line an invalid field came from: the property it was read from, else the event's first line.</summary>
    public int LineOf(string field)
    {
        var bracket = field.IndexOf('[', StringComparison.Ordinal);
        var root = bracket < 0 ? field : field[..bracket];
        var index = 0;
        if (bracket >= 0)
        {
            var close = field.IndexOf(']', bracket);
            _ = int.TryParse(field.AsSpan(bracket + 1, close - bracket - 1), out index);
        }

        var line = root switch
        {
            "title" => Block.Find("SUMMARY"),
            "start" or "time_zone" => Block.Find("DTSTART"),
            "end" => Block.Find("DTEND") ?? Block.Find("DURATION"),
            "location" => Block.Find("LOCATION"),
            "description" => Block.Find("DESCRIPTION"),
            "attendees" => Block.FindAll("ATTENDEE").Skip(index).FirstOrDefault() ?? Block.Find("ATTENDEE"),
            "recurrence.rrule" => Block.Find("RRULE"),
            "recurrence.exdates" => Block.Find("EXDATE"),
            "uid" => Block.Find("UID"),
            _ => null,
        };
        return line?.Number ?? Block.Line;
    }
}
