using Google.Protobuf;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>
/// Runs an .ics import (<see cref="ImportRun"/>, in parts of whole events, each a calendar with the file's time zones,
/// when the file is larger than the node takes in one request): a progress bar on a terminal, nothing but the summary
/// when piped or with --json. Exits with <see cref="ExitCodes.Refused"/> when any event was refused, so a script notices.
/// </summary>
internal static class EventImportRun
{
    public static async Task<int> RunAsync(NodeCall call, CalendarService.CalendarServiceClient client, string org, byte[] ics)
    {
        var (counts, problems, warnings) = await ImportRun.RunAsync(call, ImportParts.SplitCalendar(ics), new ImportRun.Kind<ImportEventsProgress>(
            "event",
            (bytes, options) => client.ImportEvents(new ImportEventsRequest { OrgId = org, Icalendar = ByteString.CopyFrom(bytes) }, options),
            p => (p.ProcessedEvents, p.TotalEvents),
            p => new ImportRun.Counts(p.TotalEvents, p.Created, p.Updated, p.Failed),
            p => p.Errors.Select(e => new ImportRun.Problem(e.Event, e.Line, e.Message)),
            p => p.Warnings.Select(w => new ImportRun.Problem(w.Event, w.Line, w.Message)),
            PartsAreSlices: false));

        var result = new EventImportResultView(counts.Total, counts.Created, counts.Updated, counts.Failed, [.. problems.Select(p => new EventImportErrorView(p.Item, p.Line, p.Message))],
            [.. warnings.Select(w => new EventImportErrorView(w.Item, w.Line, w.Message))]);
        if (call.Json)
        {
            call.Output.WriteJson(result, EventJson.Default.EventImportResultView);
        }
        else
        {
            call.Output.WriteLine($"Imported {result.Created} new and {result.Updated} updated event(s) from {result.TotalEvents}; {result.Failed} refused.");
            foreach (var error in result.Errors)
            {
                // The node's message starts with "line N:", which is what a user looks for in the file.
                call.Output.WriteLine(error.Event > 0 ? $"  event {error.Event}, {error.Message}" : $"  {error.Message}");
            }

            foreach (var warning in result.Warnings)
            {
                call.Output.WriteLine(warning.Event > 0 ? $"  note, event {warning.Event}, {warning.Message}" : $"  note: {warning.Message}");
            }
        }

        return result.Failed > 0 || result.Errors.Count > 0 ? ExitCodes.Refused : ExitCodes.Ok;
    }
}
