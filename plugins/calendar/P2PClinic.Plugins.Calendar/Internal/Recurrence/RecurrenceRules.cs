using Ical.Net;
using Ical.Net.DataTypes;
using P2PClinic.Plugins.Calendar.Internal.Model;

namespace P2PClinic.Plugins.Calendar.Internal.Recurrence;

/// <summary>Reads and checks RRULE values (RFC 5545 section 3.3.10) with Ical.Net's parser, within what the calendar supports.</summary>
internal static class RecurrenceRules
{
    public const string Field = "recurrence.rrule";

    /// <summary>Parts whose repetitions inside a day would multiply occurrences beyond what a calendar of events needs.</summary>
    private static readonly string[] UnsupportedParts = ["BYHOUR", "BYMINUTE", "BYSECOND"];

    /// <summary>Parses an RRULE value (a leading <c>RRULE:</c> is accepted).</summary>
    /// <exception cref="EventValidationException">The rule does not parse or uses what the calendar does not support.</exception>
    public static RecurrencePattern Parse(string text)
    {
        var value = text.Trim();
        if (value.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            value = value[6..];
        }

        if (value.Length > EventLimits.RecurrenceRule)
        {
            throw new EventValidationException(Field, $"is longer than {EventLimits.RecurrenceRule} characters");
        }

        var parts = value.Split(';', StringSplitOptions.TrimEntries);
        // Ical.Net reads a rule without FREQ as YEARLY; RFC 5545 makes FREQ required.
        if (!parts.Any(p => p.StartsWith("FREQ=", StringComparison.OrdinalIgnoreCase)))
        {
            throw new EventValidationException(Field, $"'{text}' has no FREQ (e.g. \"FREQ=WEEKLY;BYDAY=MO\")");
        }

        if (parts.FirstOrDefault(p => UnsupportedParts.Any(u => p.StartsWith(u + "=", StringComparison.OrdinalIgnoreCase))) is { } unsupported)
        {
            throw new EventValidationException(Field, $"'{unsupported}' is not supported: an event repeats at most once a day");
        }

        // Every part checked here, in our words, before Ical.Net reads the rule: its own messages name its internals.
        RecurrenceRuleParts.Check(parts);

        RecurrencePattern pattern;
        try
        {
            pattern = new RecurrencePattern(value);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new EventValidationException(Field, $"'{text}' is not a valid RRULE (RFC 5545 section 3.3.10), e.g. \"FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10\"");
        }

        if (pattern.Frequency is not (FrequencyType.Daily or FrequencyType.Weekly or FrequencyType.Monthly or FrequencyType.Yearly))
        {
            throw new EventValidationException(Field, $"FREQ={pattern.Frequency.ToString().ToUpperInvariant()} is not supported (DAILY, WEEKLY, MONTHLY or YEARLY)");
        }

        if (pattern.Interval < 1)
        {
            throw new EventValidationException(Field, "INTERVAL must be at least 1");
        }

        if (pattern.Count is < 1)
        {
            throw new EventValidationException(Field, "COUNT must be at least 1");
        }

        return pattern;
    }

    /// <summary>
    /// Checks a rule against its event and returns its normalized text. RFC 5545 section 3.3.10: UNTIL is a UTC
    /// date-time when the start has a zone, a date when the start is a date.
    /// </summary>
    /// <exception cref="EventValidationException">The rule is invalid for this event.</exception>
    public static string Normalize(string text, bool isAllDay)
    {
        var pattern = Parse(text);
        if (pattern.Until is { } until)
        {
            if (!isAllDay && !(until.HasTime && until.IsUtc))
            {
                throw new EventValidationException(Field, $"UNTIL must be a UTC date-time (e.g. 20261231T235959Z) for a timed event, not '{until}'");
            }

            if (isAllDay && until.HasTime)
            {
                // A date-time UNTIL on a date start is common in exports; its date is what it means.
                pattern.Until = new CalDateTime(until.Date);
            }
        }

        return pattern.ToString() ?? "";
    }
}
