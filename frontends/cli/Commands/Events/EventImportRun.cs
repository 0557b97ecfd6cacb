using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Internal;
using Spectre.Console;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>
/// Runs an .ics import: a progress bar on a terminal, nothing but the summary when piped or with --json. Exits with
/// <see cref="ExitCodes.Refused"/> when any event was refused, so a script notices.
/// </summary>
internal static class EventImportRun
{
    // An import of many thousands of events on a busy node outlasts the CLI's usual per-command deadline.
    private static readonly TimeSpan ImportDeadline = TimeSpan.FromMinutes(10);

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
        var options = new CallOptions(deadline: DateTime.UtcNow + ImportDeadline, cancellationToken: call.CancellationToken);
        using var stream = client.ImportEvents(new ImportEventsRequest { OrgId = org, Icalendar = ByteString.CopyFrom(ics) }, options);
        var errors = new List<EventImportErrorView>();
        ImportEventsProgress last = new();

        async Task ReadAll(Action<ImportEventsProgress> onProgress)
        {
            await foreach (var progress in stream.ResponseStream.ReadAllAsync(call.CancellationToken))
            {
                errors.AddRange(progress.Errors.Select(e => new EventImportErrorView(e.Event, e.Line, e.Message)));
                last = progress;
                onProgress(progress);
            }
        }

        if (!call.Json && !Console.IsOutputRedirected)
        {
            await call.Output.Console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask("Importing events", maxValue: 1);
                    await ReadAll(p =>
                    {
                        task.MaxValue = Math.Max(1, p.TotalEvents);
                        task.Value = p.ProcessedEvents;
                    });
                    task.Value = task.MaxValue;
                });
        }
        else
        {
            await ReadAll(_ => { });
        }

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
