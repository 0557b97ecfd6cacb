using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Web.Components.Calendar;

/// <summary>How often an event repeats, as the form offers it (the node takes any RRULE; the CLI sets others).</summary>
public enum Repeat
{
    /// <summary>Once.</summary>
    None,

    /// <summary>FREQ=DAILY.</summary>
    Daily,

    /// <summary>FREQ=WEEKLY.</summary>
    Weekly,

    /// <summary>FREQ=MONTHLY.</summary>
    Monthly,

    /// <summary>FREQ=YEARLY.</summary>
    Yearly,

    /// <summary>A rule the form does not offer (set by the CLI or an import); kept as it is.</summary>
    Custom,
}

/// <summary>
/// An event as the form holds it: wall-clock start and end in the event's zone (the browser's zone for a new one),
/// a repeat choice, and a reminder lead time. Converts to the calendar API's <see cref="Event"/> and field mask.
/// </summary>
public sealed class EventDraft
{
    /// <summary>The field mask paths the form writes.</summary>
    public static readonly IReadOnlyList<string> EditedFields = ["title", "start", "end", "all_day", "time_zone", "location", "description", "recurrence.rrule"];

    private const string WallClock = "yyyy-MM-dd'T'HH:mm:ss";
    private const string DateOnly = "yyyy-MM-dd";

    /// <summary>The event's id; empty for a new one.</summary>
    public string Id { get; init; } = "";

    /// <summary>The title.</summary>
    public string Title { get; set; } = "";

    /// <summary>Start, wall clock in <see cref="TimeZone"/>.</summary>
    public DateTime Start { get; set; }

    /// <summary>End, wall clock in <see cref="TimeZone"/> (for all-day events the last day, inclusive).</summary>
    public DateTime End { get; set; }

    /// <summary>True for an all-day event.</summary>
    public bool AllDay { get; set; }

    /// <summary>The IANA zone the wall-clock times are in.</summary>
    public string TimeZone { get; set; } = "";

    /// <summary>Where.</summary>
    public string Location { get; set; } = "";

    /// <summary>Notes.</summary>
    public string Description { get; set; } = "";

    /// <summary>How it repeats.</summary>
    public Repeat Repeat { get; set; }

    /// <summary>The rule when <see cref="Repeat"/> is <see cref="Repeat.Custom"/>.</summary>
    public string CustomRule { get; set; } = "";

    /// <summary>Remind this many minutes before each occurrence; null for no new reminder.</summary>
    public int? ReminderMinutes { get; set; }

    /// <summary>The form's copy of <paramref name="e"/>.</summary>
    public static EventDraft From(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var start = Parse(e.Start);
        var end = e.End.Length > 0 ? Parse(e.End) : start.AddHours(1);
        var rule = e.Recurrence?.Rrule ?? "";
        var repeat = rule switch
        {
            "" => Repeat.None,
            "FREQ=DAILY" => Repeat.Daily,
            "FREQ=WEEKLY" => Repeat.Weekly,
            "FREQ=MONTHLY" => Repeat.Monthly,
            "FREQ=YEARLY" => Repeat.Yearly,
            _ => Repeat.Custom,
        };
        return new EventDraft
        {
            Id = e.Id,
            Title = e.Title,
            Start = start,
            // The API's all-day end is exclusive (iCalendar); the form shows the last day.
            End = e.AllDay ? end.AddDays(-1) : end,
            AllDay = e.AllDay,
            TimeZone = e.TimeZone,
            Location = e.Location,
            Description = e.Description,
            Repeat = repeat,
            CustomRule = repeat == Repeat.Custom ? rule : "",
        };
    }

    /// <summary>The event to send.</summary>
    public Event ToEvent()
    {
        var e = new Event
        {
            Id = Id,
            Title = Title.Trim(),
            AllDay = AllDay,
            TimeZone = TimeZone,
            Location = Location.Trim(),
            Description = Description,
            Start = AllDay ? Start.ToString(DateOnly, CultureInfo.InvariantCulture) : Start.ToString(WallClock, CultureInfo.InvariantCulture),
            End = AllDay ? End.Date.AddDays(1).ToString(DateOnly, CultureInfo.InvariantCulture) : End.ToString(WallClock, CultureInfo.InvariantCulture),
            Recurrence = new Recurrence { Rrule = Rule },
        };
        return e;
    }

    /// <summary>The update for an existing event: every field the form shows.</summary>
    public UpdateEventRequest ToUpdate(string orgId)
    {
        var request = new UpdateEventRequest { OrgId = orgId, Event = ToEvent(), UpdateMask = new FieldMask() };
        request.UpdateMask.Paths.AddRange(EditedFields);
        return request;
    }

    /// <summary>The RRULE for the repeat choice.</summary>
    public string Rule => Repeat switch
    {
        Repeat.None => "",
        Repeat.Custom => CustomRule,
        _ => "FREQ=" + Repeat.ToString().ToUpperInvariant(),
    };

    /// <summary>Reads the API's wall-clock forms (yyyy-MM-dd, yyyy-MM-ddTHH:mm, yyyy-MM-ddTHH:mm:ss).</summary>
    public static DateTime Parse(string text) =>
        DateTime.ParseExact(text, ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", WallClock], CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>The API's wall-clock form of <paramref name="value"/>.</summary>
    public static string Format(DateTime value, bool allDay) =>
        value.ToString(allDay ? DateOnly : WallClock, CultureInfo.InvariantCulture);
}
