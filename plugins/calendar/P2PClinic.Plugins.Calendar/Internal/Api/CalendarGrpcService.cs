using System.Text;
using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Plugins.Calendar.Internal.ICalendar;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Api;
using Occurrence = P2PClinic.Plugins.Calendar.Internal.Recurrence.Occurrence;
using Proto = P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Plugins.Calendar.Internal.Api;

/// <summary>The CalendarService of calendar.proto, over the org's calendar.</summary>
internal sealed class CalendarGrpcService : CalendarService.CalendarServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;
    private const int DefaultOccurrencePageSize = 1000;
    private const int MaxOccurrencePageSize = 10_000;

    private readonly CalendarDocuments _calendars;
    private readonly IOrgDirectory _orgs;

    public CalendarGrpcService(CalendarDocuments calendars, IOrgDirectory orgs)
    {
        _calendars = calendars;
        _orgs = orgs;
    }

    public override Task<Proto.Event> CreateEvent(CreateEventRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var adjusted = new List<Model.TimeAdjustment>();
            var created = await calendar.CreateAsync(EventMessages.FromMessage(request.Event), context.CancellationToken, adjusted).ConfigureAwait(false);
            return EventMessages.ToMessage(created, adjusted);
        });

    public override Task<Proto.Event> GetEvent(GetEventRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            return EventMessages.ToMessage(calendar.Get(id) ?? throw NotFound(id));
        });

    public override Task<Proto.Event> UpdateEvent(UpdateEventRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Event?.Id ?? "", "event.id");
            if (request.UpdateMask is null || request.UpdateMask.Paths.Count == 0)
            {
                throw new EventValidationException("update_mask", "is required: name the fields to change (e.g. \"title\", \"start\")");
            }

            var fields = EventFieldNames.Parse(request.UpdateMask.Paths);
            var patch = EventMessages.FromMessage(request.Event, fields);
            var adjusted = new List<Model.TimeAdjustment>();
            var updated = await calendar.UpdateAsync(id, patch, fields, context.CancellationToken, adjusted).ConfigureAwait(false);
            return EventMessages.ToMessage(updated ?? throw NotFound(id), adjusted);
        });

    public override Task<ChangeOccurrenceResponse> ChangeOccurrence(ChangeOccurrenceRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.EventId, "event_id");
            var occurrenceId = RequireId(request.OccurrenceId, "occurrence_id");
            if (request.UpdateMask is null || request.UpdateMask.Paths.Count == 0)
            {
                throw new EventValidationException("update_mask", "is required: name the fields the occurrence changes (e.g. \"start\", \"end\")");
            }

            var fields = EventFieldNames.Parse(request.UpdateMask.Paths);
            var patch = EventMessages.FromMessage(request.Occurrence, fields);
            var (series, occurrence) = await calendar.ChangeOccurrenceAsync(id, occurrenceId, patch, fields, context.CancellationToken).ConfigureAwait(false)
                ?? throw NotFound(id);
            return new ChangeOccurrenceResponse { Series = EventMessages.ToMessage(series), Occurrence = EventMessages.ToMessage(occurrence) };
        });

    public override Task<DeleteEventResponse> DeleteEvent(DeleteEventRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            return await calendar.DeleteAsync(id, context.CancellationToken).ConfigureAwait(false) ? new DeleteEventResponse() : throw NotFound(id);
        });

    public override Task<ListEventsResponse> ListEvents(ListEventsRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var (events, next, total) = calendar.List(Size(request.PageSize, DefaultPageSize, MaxPageSize), request.PageToken);
            var response = new ListEventsResponse { NextPageToken = next, TotalSize = total };
            response.Events.AddRange(events.Select(e => EventMessages.ToMessage(e)));
            return response;
        });

    public override Task<ListOccurrencesResponse> ListOccurrences(ListOccurrencesRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            var from = Instant(request.From, "from");
            var to = Instant(request.To, "to");
            if (to < from)
            {
                throw new EventValidationException("to", $"{to:O} is before from ({from:O})");
            }

            if (to - from > EventLimits.OccurrenceRange)
            {
                throw new EventValidationException("to", "the range is longer than 100 years");
            }

            var pageSize = Size(request.PageSize, DefaultOccurrencePageSize, MaxOccurrencePageSize);
            var lower = from;
            (DateTimeOffset Start, string Id, string OccurrenceId)? after = null;
            if (request.PageToken.Length > 0)
            {
                after = PageToken.DecodeOccurrence(request.PageToken, "page_token");
                if (after.Value.Start < from || after.Value.Start >= to)
                {
                    throw new EventValidationException("page_token", "belongs to another range");
                }

                // Everything on the next pages starts at or after the last one returned: expand only from there.
                lower = after.Value.Start;
            }

            Func<Occurrence, bool> keep = o => o.Overlaps(from, to);
            if (after is var (afterStart, afterId, afterOccurrence))
            {
                keep = o => o.Overlaps(from, to)
                    && (o.Start > afterStart
                        || (o.Start == afterStart && (string.CompareOrdinal(o.Event.Id, afterId) > 0
                            || (o.Event.Id == afterId && string.CompareOrdinal(o.OccurrenceId, afterOccurrence) > 0))));
            }

            // Only the page (and one more, to know there is a next page) is held, however wide the range.
            var page = calendar.Occurrences(lower, to, keep, pageSize + 1);
            var response = new ListOccurrencesResponse();
            if (page.Count > pageSize)
            {
                var last = page[pageSize - 1];
                response.NextPageToken = PageToken.Encode(last.Start, last.Event.Id, last.OccurrenceId);
            }

            response.Occurrences.AddRange(page.Take(pageSize).Select(EventMessages.ToMessage));
            return response;
        });

    public override Task ImportEvents(ImportEventsRequest request, IServerStreamWriter<ImportEventsProgress> responseStream, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
            await EventImport.RunAsync(
                calendar,
                request.Icalendar.Memory,
                progress =>
                {
                    var message = new ImportEventsProgress
                    {
                        TotalEvents = progress.TotalEvents,
                        ProcessedEvents = progress.ProcessedEvents,
                        Created = progress.Created,
                        Updated = progress.Updated,
                        Failed = progress.Failed,
                        Done = progress.Done,
                    };
                    message.Errors.AddRange(progress.Errors.Select(e => new Proto.ImportError { Event = e.Event, Line = e.Line, Message = e.Message }));
                    message.Warnings.AddRange(progress.Warnings.Select(w => new Proto.ImportWarning { Event = w.Event, Line = w.Line, Message = w.Message }));
                    return responseStream.WriteAsync(message, context.CancellationToken);
                },
                context.CancellationToken).ConfigureAwait(false);
        });

    public override Task<ExportEventsResponse> ExportEvents(ExportEventsRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var (calendar, events) = await ExportSelectionAsync(request, context).ConfigureAwait(false);
            return new ExportEventsResponse
            {
                Icalendar = ByteString.CopyFrom(Encoding.UTF8.GetBytes(IcsWriter.Write(events, calendar.Now()))),
                Count = events.Count,
            };
        });

    public override Task ExportEventsStream(ExportEventsRequest request, IServerStreamWriter<ExportEventsChunk> responseStream, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var (calendar, events) = await ExportSelectionAsync(request, context).ConfigureAwait(false);
            foreach (var (text, written) in IcsWriter.Pieces(events, calendar.Now()))
            {
                // The piece's bytes are never touched again: no copy into the message.
                var chunk = new ExportEventsChunk { Icalendar = UnsafeByteOperations.UnsafeWrap(Encoding.UTF8.GetBytes(text)), Exported = written, Total = events.Count };
                await responseStream.WriteAsync(chunk, context.CancellationToken).ConfigureAwait(false);
            }
        });

    /// <summary>The events an export writes: those named, or all by start then id.</summary>
    private async Task<(OrgCalendar Calendar, List<Model.Event> Events)> ExportSelectionAsync(ExportEventsRequest request, ServerCallContext context)
    {
        var calendar = await CalendarAsync(request.OrgId, context).ConfigureAwait(false);
        List<Model.Event> events = request.Ids.Count == 0
            ? [.. calendar.All().OrderBy(OrgCalendar.StartInstant).ThenBy(e => e.Id, StringComparer.Ordinal)]
            : [.. request.Ids.Select((id, i) => calendar.Get(RequireId(id, $"ids[{i}]")) ?? throw NotFound(id))];
        return (calendar, events);
    }

    private static RecordNotFoundException NotFound(string id) => new($"event {id} not found");

    private static string RequireId(string id, string field) =>
        string.IsNullOrWhiteSpace(id) ? throw new EventValidationException(field, "is required") : id.Trim();

    private static DateTimeOffset Instant(Google.Protobuf.WellKnownTypes.Timestamp? timestamp, string field)
    {
        if (timestamp is null)
        {
            throw new EventValidationException(field, "is required");
        }

        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (InvalidOperationException)
        {
            // Protobuf's own message speaks of its fields' limits; say what the calendar holds.
            throw new EventValidationException(
                field,
                $"is not a time the calendar holds (seconds {timestamp.Seconds}, nanos {timestamp.Nanos}): it must lie from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, nanos from 0 to 999,999,999");
        }
    }

    private static int Size(int requested, int defaultSize, int max) =>
        requested == 0 ? defaultSize
        : requested < 0 || requested > max ? throw new EventValidationException("page_size", $"{requested} is not between 1 and {max}")
        : requested;

    private async Task<OrgCalendar> CalendarAsync(string orgId, ServerCallContext context) =>
        await _calendars.OpenAsync(await PluginCall.ResolveOrgAsync(_orgs, orgId, context.CancellationToken).ConfigureAwait(false), context.CancellationToken).ConfigureAwait(false);
}
