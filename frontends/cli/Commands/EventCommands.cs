using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Cli.Commands.Events;
using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;
using Spectre.Console.Cli;

namespace P2PClinic.Cli.Commands;

/// <summary>
/// <c>p2pclinic event ...</c>: the calendar of an org (served by the calendar plugin). Events are named by their id;
/// <c>--in</c> picks the org by id or name, the node's default org otherwise. Times typed on the command line are
/// read in <c>--tz</c> (default: this machine's zone); see <see cref="TimeOption"/> for the forms.
/// </summary>
internal static class EventCommands
{
    private static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    public static void AddEventCommands(this IConfigurator config) =>
        config.AddBranch("event", events =>
        {
            events.SetDescription("The calendar of an org: add, list, edit, import and export events (.ics).");
            events.AddCommand<AddCommand>("add").WithDescription("Add an event.")
                .WithExample("event", "add", "Team meeting", "--start", "2026-12-01 09:00", "--duration", "1h", "--rrule", "FREQ=WEEKLY;BYDAY=MO")
                .WithExample("event", "add", "Holidays", "--start", "2026-12-24", "--end", "2026-12-27", "--all-day");
            events.AddCommand<ListCommand>("list").WithDescription("List the occurrences in a range (default: the next 7 days), repeating events expanded.")
                .WithExample("event", "list", "--from", "2026-12-01", "--to", "2027-01-01");
            events.AddCommand<ShowCommand>("show").WithDescription("Show one event.");
            events.AddCommand<EditCommand>("edit").WithDescription("Change the fields given (others keep their value).")
                .WithExample("event", "edit", "$EVENT_ID", "--start", "2026-12-01 10:00", "--clear", "location");
            events.AddCommand<RemoveCommand>("rm").WithDescription("Delete an event (every occurrence) and its reminders.");
            events.AddCommand<ImportCommand>("import").WithDescription("Import an .ics file (- reads standard input); refused events are listed with their line.")
                .WithExample("event", "import", "calendar.ics");
            events.AddCommand<ExportCommand>("export").WithDescription("Export events as an .ics file.").WithExample("event", "export", "calendar.ics");
        });

    internal sealed class AddCommand : NodeCommand<EventAddSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventAddSettings settings)
        {
            // Everything the command line can get wrong is found before the first call to the node.
            var created = EventInput.ForAdd(settings, TimeProvider.System.GetLocalNow());
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var stored = await Client(call).CreateEventAsync(new CreateEventRequest { OrgId = org, Event = created }, call.Options);
            return EventPrinter.Print(call, stored, "Added");
        }
    }

    internal sealed class ListCommand : NodeCommand<EventListSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventListSettings settings)
        {
            var zone = ZoneOption.ForDisplay("--tz", settings.TimeZone);
            var now = TimeProvider.System.GetUtcNow();
            var from = settings.From is null ? now : TimeOption.ParseInstant("--from", settings.From, now, zone);
            // Near the end of the calendar the default range stops at its last instant.
            var to = settings.To is not null ? TimeOption.ParseInstant("--to", settings.To, now, zone)
                : DateTimeOffset.MaxValue - from >= DefaultRange ? from + DefaultRange
                : DateTimeOffset.MaxValue;
            if (to < from)
            {
                throw new CliException($"--to ({WallClock.Show(to, zone)}) is before --from ({WallClock.Show(from, zone)})", ExitCodes.Usage);
            }

            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var request = new ListOccurrencesRequest { OrgId = org, From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to) };
            var occurrences = new List<Occurrence>();
            ListOccurrencesResponse page;
            do
            {
                page = await Client(call).ListOccurrencesAsync(request, call.Options);
                occurrences.AddRange(page.Occurrences);
                request.PageToken = page.NextPageToken;
            }
            while (page.NextPageToken.Length > 0);

            if (call.Json)
            {
                call.Output.WriteJson(new OccurrenceListView(from, to, [.. occurrences.Select(OccurrenceView.From)]), EventJson.Default.OccurrenceListView);
                return ExitCodes.Ok;
            }

            EventPrinter.Table(call, occurrences, zone, $"No events from {WallClock.Show(from, zone)} to {WallClock.Show(to, zone)}.");
            return ExitCodes.Ok;
        }
    }

    internal sealed class ShowCommand : NodeCommand<EventIdSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventIdSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var found = await Client(call).GetEventAsync(new GetEventRequest { OrgId = org, Id = settings.Id }, call.Options);
            return EventPrinter.Print(call, found, null);
        }
    }

    internal sealed class EditCommand : NodeCommand<EventEditSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventEditSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            // New times are written the way the event is (all-day or timed, in its zone), so read it first.
            var current = await Client(call).GetEventAsync(new GetEventRequest { OrgId = org, Id = settings.Id }, call.Options);
            var changed = EventInput.ForEdit(settings, current, TimeProvider.System.GetLocalNow(), out var paths);
            var mask = new FieldMask();
            mask.Paths.AddRange(paths);
            if (settings.Occurrence is { } occurrence)
            {
                var split = await Client(call).ChangeOccurrenceAsync(
                    new ChangeOccurrenceRequest { OrgId = org, EventId = settings.Id, OccurrenceId = occurrence, Occurrence = changed, UpdateMask = mask },
                    call.Options);
                if (!call.Json)
                {
                    call.Output.WriteLine($"Changed occurrence {occurrence} of '{current.Title}' only: the series leaves it out, it is an event of its own.");
                }

                return EventPrinter.Print(call, split.Occurrence, "Made");
            }

            var updated = await Client(call).UpdateEventAsync(new UpdateEventRequest { OrgId = org, Event = changed, UpdateMask = mask }, call.Options);
            return EventPrinter.Print(call, updated, "Updated");
        }
    }

    internal sealed class RemoveCommand : NodeCommand<EventIdSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventIdSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var found = await Client(call).GetEventAsync(new GetEventRequest { OrgId = org, Id = settings.Id }, call.Options);
            await Client(call).DeleteEventAsync(new DeleteEventRequest { OrgId = org, Id = settings.Id }, call.Options);
            return EventPrinter.Print(call, found, "Deleted");
        }
    }

    internal sealed class ImportCommand : NodeCommand<EventImportSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventImportSettings settings)
        {
            var ics = await StandardStreamArgument.ReadAllBytesAsync(settings.File, call.CancellationToken);
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            return await EventImportRun.RunAsync(call, Client(call), org, ics);
        }
    }

    internal sealed class ExportCommand : NodeCommand<EventExportSettings>
    {
        protected override async Task<int> RunAsync(NodeCall call, EventExportSettings settings)
        {
            var org = await OrgArgument.ResolveAsync(call, settings.In);
            var request = new ExportEventsRequest { OrgId = org };
            request.Ids.AddRange(settings.Ids ?? []);
            var count = await ExportRun.RunAsync(
                call,
                settings.File,
                "Exporting events",
                options => Client(call).ExportEventsStream(request, options),
                chunk => new ExportRun.Piece(chunk.Icalendar.Memory, chunk.Exported, chunk.Total));
            if (settings.File is null or StandardStreamArgument.Marker)
            {
                // The .ics itself is the output: --json would only wrap it.
                return ExitCodes.Ok;
            }

            if (call.Json)
            {
                call.Output.WriteJson(new EventExportResultView(count, Path.GetFullPath(settings.File)), EventJson.Default.EventExportResultView);
            }
            else
            {
                call.Output.WriteLine($"Exported {count} event(s) to {settings.File}.");
            }

            return ExitCodes.Ok;
        }
    }

    private static CalendarService.CalendarServiceClient Client(NodeCall call) => new(call.Channel);
}
