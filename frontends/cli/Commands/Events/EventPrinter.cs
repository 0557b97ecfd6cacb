using System.Globalization;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>Prints events and occurrences: JSON for scripts, a card or a table for people.</summary>
internal static class EventPrinter
{
    public static int Print(NodeCall call, Event e, string? verb)
    {
        // On stderr, so --json output stays one document: what the node moved out of a daylight-saving gap.
        foreach (var moved in e.AdjustedTimes)
        {
            Console.Error.WriteLine(AdjustedNote(moved, e.TimeZone));
        }

        return RecordPrinter.Print(call, EventView.From(e), EventJson.Default.EventView, verb, $"event '{e.Title}' ({e.Id})", card =>
        {
            card.Row("id", e.Id);
            card.Row("title", e.Title);
            card.Row("starts", Own(e.Start));
            card.Row("ends", e.AllDay ? LastDay(e) : Own(e.End));
            card.Row("all day", e.AllDay ? "yes" : "");
            card.Row("time zone", e.TimeZone.Length > 0 ? e.TimeZone : e.AllDay ? "" : "UTC");
            card.Row("location", e.Location);
            card.Row("description", e.Description);
            foreach (var a in e.Attendees)
            {
                card.Row("attendee", a.Email.Length == 0 ? $"contact {a.ContactId}" : a.DisplayName.Length > 0 ? $"{a.DisplayName} <{a.Email}>" : a.Email);
            }

            card.Row("repeats", e.Recurrence?.Rrule ?? "");
            card.Row("except", string.Join(", ", e.Recurrence?.Exdates.Select(Own) ?? []));
            card.Row("uid", e.Uid);
            card.Row("updated", e.UpdatedAt?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? "");
        });
    }

    /// <summary>"note: --start 2026-03-29 02:30 does not exist in Europe/Paris (the clocks skip it); stored as Sun 2026-03-29 03:30".</summary>
    public static string AdjustedNote(TimeAdjustment moved, string zone)
    {
        var option = moved.Field switch
        {
            "start" => "--start",
            "end" => "--end",
            _ when moved.Field.StartsWith("recurrence.exdates", StringComparison.Ordinal) => "--exdate",
            var other => other,
        };
        return $"note: {option} {Own(moved.Given).Split(' ', 2)[^1]} does not exist in {zone} (the clocks skip it); stored as {Own(moved.Stored)}";
    }

    /// <summary>Occurrences in <paramref name="zone"/>, one row each; all-day ones by their own dates.</summary>
    public static void Table(NodeCall call, IReadOnlyCollection<Occurrence> occurrences, TimeZoneInfo zone, string whenEmpty) =>
        RecordPrinter.Table(call, occurrences, whenEmpty, ["When", "Title", "Location", "Event", "Occurrence"], o => [When(o, zone), o.Title, o.Location, o.EventId, o.OccurrenceId]);

    private static string When(Occurrence o, TimeZoneInfo zone)
    {
        if (o.AllDay && WallClock.TryParseDate(o.LocalStart, out var first))
        {
            var last = WallClock.TryParseDate(o.LocalEnd, out var end) && end.DayNumber - first.DayNumber > 1 ? end.AddDays(-1) : first;
            return last == first ? $"{WallClock.Show(first)} (all day)" : $"{WallClock.Show(first)} – {WallClock.Show(last)} (all day)";
        }

        if (o.Start is null)
        {
            return "";
        }

        var start = o.Start.ToDateTimeOffset();
        var from = WallClock.Show(start, zone);
        if (o.End is null || o.End.ToDateTimeOffset() == start)
        {
            return from;
        }

        var until = o.End.ToDateTimeOffset();
        var endShown = WallClock.TryInZone(until, zone, out var localEnd);
        var sameDay = endShown && WallClock.TryInZone(start, zone, out var localStart) && localStart.Date == localEnd.Date;
        return $"{from} – {(sameDay ? localEnd.ToString("HH:mm", CultureInfo.InvariantCulture) : WallClock.Show(until, zone))}";
    }

    /// <summary>An event's own time as people read it: <c>2026-12-01 09:00</c> rather than the API's <c>2026-12-01T09:00:00</c>.</summary>
    private static string Own(string text)
    {
        if (WallClock.TryParseDateTime(text, out var local))
        {
            return local.ToString(local.Second == 0 ? "ddd yyyy-MM-dd HH:mm" : "ddd yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        return WallClock.TryParseDate(text, out var date) ? WallClock.Show(date) : text;
    }

    /// <summary>An all-day event's last day (its end is the day after, as in iCalendar).</summary>
    private static string LastDay(Event e) =>
        WallClock.TryParseDate(e.End, out var end) && WallClock.TryParseDate(e.Start, out var start) && end > start.AddDays(1)
            ? WallClock.Show(end.AddDays(-1)) + " (last day)"
            : "";
}
