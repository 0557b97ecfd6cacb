using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Reminders;

/// <summary>
/// Finds the one occurrence of an event that does not repeat, so <c>reminder add --at</c> needs no
/// <c>--occurrence</c> for it. The calendar names occurrences; the CLI only asks it, around the event's start.
/// </summary>
internal static class SingleOccurrence
{
    // Wider than any zone's offset from UTC (at most 14 hours), so the window holds the start wherever the zone is.
    private static readonly TimeSpan Margin = TimeSpan.FromDays(2);

    public static async Task<string> FindAsync(NodeCall call, string org, string eventId)
    {
        var calendar = new CalendarService.CalendarServiceClient(call.Channel);
        var found = await calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = eventId }, call.Options);
        if (found.Recurrence is { Rrule.Length: > 0 })
        {
            throw new CliException($"--at: event {eventId} repeats; name the occurrence with --occurrence <id> (see: p2pclinic event list)", ExitCodes.Usage);
        }

        DateTime around;
        if (WallClock.TryParseDateTime(found.Start, out var local))
        {
            around = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        }
        else if (WallClock.TryParseDate(found.Start, out var date))
        {
            around = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }
        else
        {
            throw new CliException($"event {eventId} has a start the CLI cannot read ('{found.Start}'); give --occurrence", ExitCodes.Failed);
        }

        var request = new ListOccurrencesRequest
        {
            OrgId = org,
            From = Timestamp.FromDateTime(around - Margin),
            To = Timestamp.FromDateTime(around + Margin),
        };
        ListOccurrencesResponse page;
        do
        {
            page = await calendar.ListOccurrencesAsync(request, call.Options);
            if (page.Occurrences.FirstOrDefault(o => o.EventId == eventId) is { } occurrence)
            {
                return occurrence.OccurrenceId;
            }

            request.PageToken = page.NextPageToken;
        }
        while (page.NextPageToken.Length > 0);

        throw new CliException($"--at: the calendar lists no occurrence of event {eventId}; give --occurrence", ExitCodes.Refused);
    }
}
