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
    /// <summary>What the watch covers, said once when it starts.</summary>
    internal static async Task<string> StartLineAsync(NodeCall call, WatchRemindersRequest request)
    {
        var what = request.AllOrgs
            ? "every org"
            : (await OrgArgument.DescribeAsync(call, request.OrgId)) is { } org ? $"org '{org.Name}' ({org.Id})" : "the default org";
        var due = request.IncludeDue ? ", those due now first" : "";
        return $"Watching reminders of {what} on {call.Address.ToString().TrimEnd('/')}{due}; each is printed as it comes due. Ctrl+C stops.";
    }

    public static async Task<int> RunAsync(NodeCall call, ReminderService.ReminderServiceClient client, WatchRemindersRequest request)
    {
        var stopped = call.CancellationToken;
        try
        {
            // No deadline: the stream stays open as long as the user watches.
            using var stream = client.WatchReminders(request, new CallOptions(cancellationToken: stopped));
            // On stderr, so that stdout holds only reminders (a script reading --json lines sees nothing else), yet a
            // person sees at once that the command runs and how to end it.
            await Console.Error.WriteLineAsync(await StartLineAsync(call, request));

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
