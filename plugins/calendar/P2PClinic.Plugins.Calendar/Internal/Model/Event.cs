namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>An event as the calendar keeps it: its definition, a recurring event being one event.</summary>
internal sealed record Event
{
    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    /// <summary>Wall clock in <see cref="TimeZone"/> for timed events; a date for all-day events.</summary>
    public EventTime Start { get; init; }

    /// <summary>Exclusive; same form as <see cref="Start"/>. Null: no duration (timed) or one day (all-day).</summary>
    public EventTime? End { get; init; }

    public bool IsAllDay { get; init; }

    /// <summary>An IANA zone id; empty means UTC for timed events and midnight UTC for all-day ones.</summary>
    public string TimeZone { get; init; } = "";

    public string Location { get; init; } = "";

    public string Description { get; init; } = "";

    public IReadOnlyList<Attendee> Attendees { get; init; } = [];

    /// <summary>The RRULE value (without <c>RRULE:</c>), normalized; empty when the event does not repeat.</summary>
    public string RecurrenceRule { get; init; } = "";

    /// <summary>Starts of occurrences left out, in the same form as <see cref="Start"/>.</summary>
    public IReadOnlyList<EventTime> ExceptionDates { get; init; } = [];

    public string Uid { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Someone taking part: a contact of the org (<see cref="ContactId"/>) or an email address, exactly one of the two.</summary>
internal sealed record Attendee(string ContactId, string Email, string DisplayName);
