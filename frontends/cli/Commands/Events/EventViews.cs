using System.Text.Json.Serialization;
using P2PClinic.Api.Calendar.V1;

namespace P2PClinic.Cli.Commands.Events;

/// <summary>
/// An event as <c>--json</c> prints it: the CLI's own stable shape. Times are the event's own, as the calendar
/// stores them: wall clock in <c>timeZone</c> (<c>2026-12-01T09:00:00</c>) or dates for all-day events, whose
/// <c>end</c> is the day after the last day.
/// </summary>
internal sealed record EventView(
    string Id,
    string Title,
    string Start,
    string End,
    bool AllDay,
    string TimeZone,
    string Location,
    string Description,
    IReadOnlyList<AttendeeView> Attendees,
    string Rrule,
    IReadOnlyList<string> Exdates,
    string Uid,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public static EventView From(Event e) => new(
        e.Id,
        e.Title,
        e.Start,
        e.End,
        e.AllDay,
        e.TimeZone,
        e.Location,
        e.Description,
        [.. e.Attendees.Select(a => new AttendeeView(a.ContactId, a.Email, a.DisplayName))],
        e.Recurrence?.Rrule ?? "",
        [.. e.Recurrence?.Exdates ?? []],
        e.Uid,
        e.CreatedAt?.ToDateTimeOffset(),
        e.UpdatedAt?.ToDateTimeOffset());
}

internal sealed record AttendeeView(string ContactId, string Email, string DisplayName);

/// <summary>One occurrence: <c>start</c>/<c>end</c> are instants (UTC), <c>localStart</c>/<c>localEnd</c> the event's own terms.</summary>
internal sealed record OccurrenceView(
    string EventId,
    string OccurrenceId,
    string Title,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    bool AllDay,
    string TimeZone,
    string Location,
    string LocalStart,
    string LocalEnd)
{
    public static OccurrenceView From(Occurrence o) => new(
        o.EventId,
        o.OccurrenceId,
        o.Title,
        o.Start?.ToDateTimeOffset(),
        o.End?.ToDateTimeOffset(),
        o.AllDay,
        o.TimeZone,
        o.Location,
        o.LocalStart,
        o.LocalEnd);
}

/// <summary>What <c>event list --json</c> prints: the range asked for and the occurrences in it.</summary>
internal sealed record OccurrenceListView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<OccurrenceView> Occurrences);

internal sealed record EventImportErrorView(int Event, int Line, string Message);

/// <summary>An import's summary; <c>warnings</c> are events stored with a note (bytes not in UTF-8, a time moved out of a daylight-saving gap).</summary>
internal sealed record EventImportResultView(int TotalEvents, int Created, int Updated, int Failed, IReadOnlyList<EventImportErrorView> Errors, IReadOnlyList<EventImportErrorView> Warnings);

internal sealed record EventExportResultView(int Count, string File);

/// <summary>The JSON the event commands print.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EventView))]
[JsonSerializable(typeof(OccurrenceListView))]
[JsonSerializable(typeof(EventImportResultView))]
[JsonSerializable(typeof(EventExportResultView))]
internal sealed partial class EventJson : JsonSerializerContext;
