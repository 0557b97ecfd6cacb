using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Cli.Commands.Reminders;
using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary>
/// <c>p2pclinic reminder ...</c>: reminders of calendar events (served by the reminders plugin). A reminder is a lead
/// time before every occurrence of an event, or an exact time for one occurrence; the node fires them, and
/// <c>watch</c> prints them as they come. Times are read and shown in this machine's zone.
/// </summary>
internal static class ReminderCommands
{
    public static void AddReminderCommands(this IConfigurator config) =>
        config.AddBranch("reminder", reminders =>
        {
            reminders.SetDescription("Reminders of events: add, list, dismiss, snooze, and watch them come due.");
            reminders.AddCommand<AddCommand>("add").WithDescription("Add a reminder to an event.")
                .WithExample("reminder", "add", "--event", "$EVENT_ID", "--before", "15m")
                .WithExample("reminder", "add", "--event", "$EVENT_ID", "--at", "2026-12-01 08:30", "--occurrence", "20261201T080000Z");
            reminders.AddCommand<ListCommand>("list").WithDescription("List reminders (of one event, or all) with when they are next due and what is due now.");
            reminders.AddCommand<RemoveCommand>("rm").WithDescription("Delete a reminder.");
            reminders.AddCommand<DismissCommand>("dismiss").WithDescription("Dismiss a reminder's occurrence, on every device of the org.")
                .WithExample("reminder", "dismiss", "$REMINDER_ID", "--occurrence", "20261201T080000Z");
            reminders.AddCommand<SnoozeCommand>("snooze").WithDescription("Be reminded again later.")
                .WithExample("reminder", "snooze", "$REMINDER_ID", "--for", "10m");
            reminders.AddCommand<WatchCommand>("watch").WithDescription("Print reminders as they come due, until Ctrl+C.")
                .WithExample("reminder", "watch", "--json");
        });

    internal sealed class AddCommand : NodeCommand<ReminderAddSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ReminderAddSettings settings)
        {
            if (string.IsNullOrWhiteSpace(settings.Event))
            {
                throw new CliException("--event is required: the id of the event to be reminded of (see: p2pclinic event list)", ExitCodes.Usage);
            }

            if ((settings.Before is null) == (settings.At is null))
            {
                throw new CliException("give --before <length> (before every occurrence) or --at <time> (for one occurrence), one of the two", ExitCodes.Usage);
            }

            if (settings.Before is not null && settings.Occurrence is not null)
            {
                throw new CliException("--occurrence goes with --at; a --before reminder is for every occurrence", ExitCodes.Usage);
            }

            var request = new CreateReminderRequest { EventId = settings.Event.Trim() };
            if (settings.Before is not null)
            {
                request.LeadTime = Duration.FromTimeSpan(DurationOption.Parse("--before", settings.Before));
            }
            else
            {
                var now = TimeProvider.System.GetUtcNow();
                request.At = Timestamp.FromDateTimeOffset(TimeOption.ParseInstant("--at", settings.At!, now, TimeZoneInfo.Local));
            }

            request.OrgId = await OrgArgument.ResolveAsync(call, settings.In);
            if (settings.At is not null)
            {
                request.OccurrenceId = settings.Occurrence?.Trim() ?? await SingleOccurrence.FindAsync(call, request.OrgId, request.EventId);
            }

            var created = await Client(call).CreateReminderAsync(request, call.Options);
            return ReminderPrinter.Print(call, created, "Added");
        }
    }

    internal sealed class ListCommand : NodeCommand<ReminderListSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ReminderListSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var request = new ListRemindersRequest { OrgId = org, EventId = settings.Event?.Trim() ?? "" };
            var reminders = new List<Reminder>();
            ListRemindersResponse page;
            do
            {
                page = await Client(call).ListRemindersAsync(request, call.Options);
                reminders.AddRange(page.Reminders);
                request.PageToken = page.NextPageToken;
            }
            while (page.NextPageToken.Length > 0);

            var due = (await Client(call).ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = org }, call.Options)).Reminders
                .ToLookup(d => d.ReminderId, StringComparer.Ordinal);
            if (call.Json)
            {
                call.Output.WriteJson<IReadOnlyList<ReminderView>>(
                    [.. reminders.Select(r => ReminderView.From(r, [.. due[r.Id]]))],
                    ReminderJson.Default.IReadOnlyListReminderView);
                return ExitCodes.Ok;
            }

            ReminderPrinter.Table(call, reminders, due, settings.Event is null
                ? "No reminders yet. Add one with: p2pclinic reminder add --event <id> --before 15m"
                : "This event has no reminders.");
            return ExitCodes.Ok;
        }
    }

    internal sealed class RemoveCommand : NodeCommand<ReminderIdSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ReminderIdSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var reminder = await Client(call).GetReminderAsync(new GetReminderRequest { OrgId = org, Id = settings.Id }, call.Options);
            await Client(call).DeleteReminderAsync(new DeleteReminderRequest { OrgId = org, Id = settings.Id }, call.Options);
            return ReminderPrinter.Print(call, reminder, "Deleted");
        }
    }

    internal sealed class DismissCommand : NodeCommand<ReminderDismissSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ReminderDismissSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var dismissed = await Client(call).DismissReminderAsync(
                new DismissReminderRequest { OrgId = org, Id = settings.Id, OccurrenceId = settings.Occurrence?.Trim() ?? "" },
                call.Options);
            var result = new ReminderActionView(settings.Id, [.. dismissed.OccurrenceIds], null);
            if (call.Json)
            {
                call.Output.WriteJson(result, ReminderJson.Default.ReminderActionView);
            }
            else
            {
                call.Output.WriteLine($"Dismissed reminder {settings.Id} for {Occurrences(result.OccurrenceIds)}.");
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class SnoozeCommand : NodeCommand<ReminderSnoozeSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ReminderSnoozeSettings settings)
        {
            if ((settings.For is null) == (settings.Until is null))
            {
                throw new CliException("give --for <length> or --until <time>, one of the two", ExitCodes.Usage);
            }

            var request = new SnoozeReminderRequest { Id = settings.Id, OccurrenceId = settings.Occurrence?.Trim() ?? "" };
            if (settings.For is not null)
            {
                request.Duration = Duration.FromTimeSpan(DurationOption.Parse("--for", settings.For));
            }
            else
            {
                var now = TimeProvider.System.GetUtcNow();
                request.Until = Timestamp.FromDateTimeOffset(TimeOption.ParseInstant("--until", settings.Until!, now, TimeZoneInfo.Local));
            }

            request.OrgId = await OrgArgument.ResolveAsync(call, settings.In);
            var snoozed = await Client(call).SnoozeReminderAsync(request, call.Options);
            var result = new ReminderActionView(settings.Id, [.. snoozed.OccurrenceIds], snoozed.Until?.ToDateTimeOffset());
            if (call.Json)
            {
                call.Output.WriteJson(result, ReminderJson.Default.ReminderActionView);
            }
            else
            {
                var until = result.Until is { } at ? WallClock.Show(at, TimeZoneInfo.Local) : "later";
                call.Output.WriteLine($"Snoozed reminder {settings.Id} for {Occurrences(result.OccurrenceIds)} until {until}.");
            }

            return ExitCodes.Ok;
        }
    }

    internal sealed class WatchCommand : NodeCommand<ReminderWatchSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, ReminderWatchSettings settings)
        {
            if (settings.AllOrgs && settings.In is not null)
            {
                throw new CliException("--all-orgs watches every org; leave out --in", ExitCodes.Usage);
            }

            var org = settings.AllOrgs ? "" : await OrgArgument.ResolveAsync(call, settings.In);
            var request = new WatchRemindersRequest { OrgId = org, AllOrgs = settings.AllOrgs, IncludeDue = settings.IncludeDue };
            return await ReminderWatch.RunAsync(call, Client(call), request);
        }
    }

    private static string Occurrences(IReadOnlyList<string> ids) =>
        ids.Count == 1 ? $"occurrence {ids[0]}" : $"{ids.Count} occurrences ({string.Join(", ", ids)})";

    private static ReminderService.ReminderServiceClient Client(NodeCall call) => new(call.Channel);
}
