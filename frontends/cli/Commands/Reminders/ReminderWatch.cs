using System.Text.Json;
using Grpc.Core;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Commands.Reminders;

/// <summary>
/// <c>reminder watch</c>: prints each reminder as the node fires it, one line each (JSON lines with --json), until
/// Ctrl+C, which is how a user ends it and so exits 0.
/// </summary>
internal static class ReminderWatch
{
    public static async Task<int> RunAsync(NodeCall call, ReminderService.ReminderServiceClient client, WatchRemindersRequest request)
    {
        var stopped = call.CancellationToken;
        try
        {
            // No deadline: the stream stays open as long as the user watches.
            using var stream = client.WatchReminders(request, new CallOptions(cancellationToken: stopped));
            if (!call.Json && !Console.IsOutputRedirected)
            {
                call.Output.WriteLine("Watching for reminders; Ctrl+C stops.");
            }

            await foreach (var due in stream.ResponseStream.ReadAllAsync(stopped))
            {
                // Straight to stdout, one line each: a wrapped or buffered line would break a script reading them.
                Console.Out.WriteLine(call.Json
                    ? JsonSerializer.Serialize(DueReminderView.From(due), ReminderLineJson.Default.DueReminderView)
                    : ReminderPrinter.Line(due));
            }
        }
        catch (Exception e) when (stopped.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            return ExitCodes.Ok;
        }

        if (stopped.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        throw new CliException($"the node at {call.Address.ToString().TrimEnd('/')} ended the reminder stream (is it stopping?)", ExitCodes.Unreachable);
    }
}
