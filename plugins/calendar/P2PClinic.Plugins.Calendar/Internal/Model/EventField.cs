namespace P2PClinic.Plugins.Calendar.Internal.Model;

/// <summary>The fields a change may touch (an update's field mask), by their proto names.</summary>
[Flags]
internal enum EventField
{
    None = 0,
    Title = 1 << 0,
    Start = 1 << 1,
    End = 1 << 2,
    AllDay = 1 << 3,
    TimeZone = 1 << 4,
    Location = 1 << 5,
    Description = 1 << 6,
    Attendees = 1 << 7,
    RecurrenceRule = 1 << 8,
    ExceptionDates = 1 << 9,
    Uid = 1 << 10,
    All = (1 << 11) - 1,
}

/// <summary>Field mask paths (proto names, as google.protobuf.FieldMask carries them) to fields.</summary>
internal static class EventFieldNames
{
    private static readonly Dictionary<string, EventField> ByPath = new(StringComparer.Ordinal)
    {
        ["title"] = EventField.Title,
        ["start"] = EventField.Start,
        ["end"] = EventField.End,
        ["all_day"] = EventField.AllDay,
        ["time_zone"] = EventField.TimeZone,
        ["location"] = EventField.Location,
        ["description"] = EventField.Description,
        ["attendees"] = EventField.Attendees,
        ["recurrence"] = EventField.RecurrenceRule | EventField.ExceptionDates,
        ["recurrence.rrule"] = EventField.RecurrenceRule,
        ["recurrence.exdates"] = EventField.ExceptionDates,
        ["uid"] = EventField.Uid,
    };

    /// <summary>The fields named by <paramref name="paths"/>.</summary>
    /// <exception cref="EventValidationException">A path names no updatable field.</exception>
    public static EventField Parse(IEnumerable<string> paths)
    {
        var fields = EventField.None;
        foreach (var path in paths)
        {
            // The JSON form of a FieldMask uses lowerCamelCase; accept both spellings.
            var snake = string.Concat(path.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
            if (!ByPath.TryGetValue(snake, out var field))
            {
                throw new EventValidationException("update_mask", $"'{path}' is not an updatable field (one of {string.Join(", ", ByPath.Keys)})");
            }

            fields |= field;
        }

        return fields;
    }
}
