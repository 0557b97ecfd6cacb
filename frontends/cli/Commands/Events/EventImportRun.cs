using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>
/// Runs an .ics import: a progress bar on a terminal, nothing but the summary when piped or with --json. A file larger
/// than the node takes in one request goes in parts of whole events, each a calendar with the file's time zones
/// (<see cref="ImportParts"/>); event and line numbers are the file's. Exits with <see cref="ExitCodes.Refused"/> when
/// any event was refused, so a script notices.
/// </summary>
internal static class EventImportRun
{
    public static async Task<int> RunAsync(NodeCall call, CalendarService.CalendarServiceClient client, string org, byte[] ics)
    {
        var parts = ImportParts.SplitCalendar(ics);
        var errors = new List<EventImportErrorView>();
        var (total, created, updated, failed) = (0, 0, 0, 0);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            ImportEventsProgress last = new();
            try
            {
                using var stream = client.ImportEvents(new ImportEventsRequest { OrgId = org, Icalendar = ByteString.CopyFrom(part.Bytes) }, ImportProgress.CallOptions(call));
                await ImportProgress.ReadAllAsync(call, stream.ResponseStream, ImportProgress.Label("Importing events", i, parts.Count), p => (p.ProcessedEvents, p.TotalEvents), progress =>
                {
                    // Problems outside any event come from the calendar's own lines, which every part repeats: once is enough.
                    errors.AddRange(progress.Errors
                        .Where(e => e.Event > 0 || i == 0)
                        .Select(e => new EventImportErrorView(e.Event > 0 ? part.FileItem(e.Event) : 0, part.FileLine(e.Line), ImportProgress.FileLineMessage(e.Message, e.Line, part.FileLine(e.Line)))));
                    last = progress;
                });
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                // Only a single event (with its overrides) larger than a part gets here: refuse it, go on with the rest.
                errors.Add(new EventImportErrorView(part.FileItem(1), 0, "the event alone is larger than the node takes in one request"));
                last = new ImportEventsProgress { TotalEvents = part.FileItems.Length, Failed = part.FileItems.Length };
            }

            (total, created, updated, failed) = (total + last.TotalEvents, created + last.Created, updated + last.Updated, failed + last.Failed);
        }

        var result = new EventImportResultView(total, created, updated, failed, errors);
        if (call.Json)
        {
            call.Output.WriteJson(result, EventJson.Default.EventImportResultView);
        }
        else
        {
            call.Output.WriteLine($"Imported {result.Created} new and {result.Updated} updated event(s) from {result.TotalEvents}; {result.Failed} refused.");
            foreach (var error in errors)
            {
                // The node's message starts with "line N:", which is what a user looks for in the file.
                call.Output.WriteLine(error.Event > 0 ? $"  event {error.Event}, {error.Message}" : $"  {error.Message}");
            }
        }

        return result.Failed > 0 || errors.Count > 0 ? ExitCodes.Refused : ExitCodes.Ok;
    }
}
