using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>
/// Runs an .ics import: a progress bar on a terminal, nothing but the summary when piped or with --json. Exits with
/// <see cref="ExitCodes.Refused"/> when any event was refused, so a script notices.
/// </summary>
internal static class EventImportRun
{
    public static async Task<int> RunAsync(NodeCall call, CalendarService.CalendarServiceClient client, string org, byte[] ics)
    {
        try
        {
            return await ImportAsync(call, client, org, ics);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            // The whole file travels in one message; the node bounds its size (4 MiB unless configured otherwise).
            throw new CliException($"the file ({ics.Length / 1024} KiB) is larger than the node takes in one import; split it into smaller files", ExitCodes.Refused);
        }
    }

    private static async Task<int> ImportAsync(NodeCall call, CalendarService.CalendarServiceClient client, string org, byte[] ics)
    {
        using var stream = client.ImportEvents(new ImportEventsRequest { OrgId = org, Icalendar = ByteString.CopyFrom(ics) }, ImportProgress.CallOptions(call));
        var errors = new List<EventImportErrorView>();
        ImportEventsProgress last = new();
        await ImportProgress.ReadAllAsync(call, stream.ResponseStream, "Importing events", p => (p.ProcessedEvents, p.TotalEvents), progress =>
        {
            errors.AddRange(progress.Errors.Select(e => new EventImportErrorView(e.Event, e.Line, e.Message)));
            last = progress;
        });

        var result = new EventImportResultView(last.TotalEvents, last.Created, last.Updated, last.Failed, errors);
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
