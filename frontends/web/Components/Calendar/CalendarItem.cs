using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Web.Components.Calendar;

/// <summary>One occurrence as the scheduler shows it: start and end in the browser's wall-clock time.</summary>
public sealed class CalendarItem
{
    /// <summary>Start, browser-local.</summary>
    public DateTime Start { get; set; }

    /// <summary>End, browser-local.</summary>
    public DateTime End { get; set; }

    /// <summary>The title.</summary>
    public string Text { get; set; } = "";

    /// <summary>True for all-day events.</summary>
    public bool AllDay { get; set; }

    /// <summary>The occurrence from the node.</summary>
    public required Occurrence Occurrence { get; init; }
}
