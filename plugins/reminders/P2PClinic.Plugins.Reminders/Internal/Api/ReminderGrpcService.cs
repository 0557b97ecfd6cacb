using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Plugins.Reminders.Internal.Scheduling;
using P2PClinic.Plugins.Reminders.Internal.Storage;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Api;
using Proto = P2PClinic.Api.Reminders.V1;

namespace P2PClinic.Plugins.Reminders.Internal.Api;

/// <summary>The ReminderService of reminders.proto, over the org's document and the node's reminder scheduler.</summary>
internal sealed class ReminderGrpcService : ReminderService.ReminderServiceBase
{
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 1000;

    private readonly ReminderScheduler _scheduler;
    private readonly ReminderPlanner _planner;
    private readonly IOrgDirectory _orgs;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;

    public ReminderGrpcService(ReminderScheduler scheduler, ReminderPlanner planner, IOrgDirectory orgs, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _scheduler = scheduler;
        _planner = planner;
        _orgs = orgs;
        _time = time;
        _lifetime = lifetime;
    }

    public override Task<Proto.Reminder> CreateReminder(CreateReminderRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var reminders = await RemindersAsync(request.OrgId, context).ConfigureAwait(false);
            TimeSpan? lead = request.TriggerCase == CreateReminderRequest.TriggerOneofCase.LeadTime ? ReminderMessages.ToTimeSpan(request.LeadTime, "lead_time") : null;
            DateTimeOffset? at = request.TriggerCase == CreateReminderRequest.TriggerOneofCase.At ? ReminderMessages.ToDateTimeOffset(request.At, "at") : null;
            var reminder = await reminders.CreateAsync(request.EventId.Trim(), lead, at, request.OccurrenceId.Trim(), context.CancellationToken).ConfigureAwait(false);
            return ToMessage(reminders, reminder);
        });

    public override Task<Proto.Reminder> GetReminder(GetReminderRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var reminders = await RemindersAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            return ToMessage(reminders, reminders.Get(id) ?? throw ReminderNotFound(id));
        });

    public override Task<ListRemindersResponse> ListReminders(ListRemindersRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var reminders = await RemindersAsync(request.OrgId, context).ConfigureAwait(false);
            var size = Size(request.PageSize, "page_size");
            var eventId = request.EventId.Trim();
            var all = reminders.All()
                .Where(r => eventId.Length == 0 || r.EventId == eventId)
                .OrderBy(r => r.CreatedAt)
                .ThenBy(r => r.Id, StringComparer.Ordinal)
                .ToList();
            var start = 0;
            if (request.PageToken.Length > 0)
            {
                var (createdAt, afterId) = ParsePageToken(request.PageToken);
                start = all.FindIndex(r => r.CreatedAt > createdAt || (r.CreatedAt == createdAt && string.CompareOrdinal(r.Id, afterId) > 0));
                start = start < 0 ? all.Count : start;
            }

            var page = all.Skip(start).Take(size).ToList();
            var response = new ListRemindersResponse { TotalSize = all.Count };
            response.Reminders.AddRange(page.Select(r => ToMessage(reminders, r)));
            if (start + page.Count < all.Count)
            {
                var last = page[^1];
                response.NextPageToken = $"{last.CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{last.Id}";
            }

            return response;
        });

    public override Task<DeleteReminderResponse> DeleteReminder(DeleteReminderRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var reminders = await RemindersAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            return await reminders.DeleteAsync(id, context.CancellationToken).ConfigureAwait(false) ? new DeleteReminderResponse() : throw ReminderNotFound(id);
        });

    public override Task<SnoozeReminderResponse> SnoozeReminder(SnoozeReminderRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var reminders = await RemindersAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            var until = request.SnoozeCase switch
            {
                SnoozeReminderRequest.SnoozeOneofCase.Until => ReminderMessages.ToDateTimeOffset(request.Until, "until"),
                SnoozeReminderRequest.SnoozeOneofCase.Duration => SnoozeEnd(ReminderMessages.ToTimeSpan(request.Duration, "duration")),
                _ => throw new ReminderValidationException("until", "a snooze needs until (a time) or duration (from now)"),
            };
            var occurrences = await reminders.SnoozeAsync(id, request.OccurrenceId.Trim(), until, context.CancellationToken).ConfigureAwait(false);
            var response = new SnoozeReminderResponse { Until = Timestamp.FromDateTimeOffset(ReminderDocument.ToStoredPrecision(until)) };
            response.OccurrenceIds.AddRange(occurrences);
            return response;
        });

    public override Task<DismissReminderResponse> DismissReminder(DismissReminderRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var reminders = await RemindersAsync(request.OrgId, context).ConfigureAwait(false);
            var id = RequireId(request.Id, "id");
            var occurrences = await reminders.DismissAsync(id, request.OccurrenceId.Trim(), context.CancellationToken).ConfigureAwait(false);
            var response = new DismissReminderResponse();
            response.OccurrenceIds.AddRange(occurrences);
            return response;
        });

    public override Task<ListDueRemindersResponse> ListDueReminders(ListDueRemindersRequest request, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var orgId = await WatchedOrgAsync(request.OrgId, request.AllOrgs, context).ConfigureAwait(false);
            var due = await _scheduler.ListDueAsync(orgId, context.CancellationToken).ConfigureAwait(false);
            var response = new ListDueRemindersResponse();
            response.Reminders.AddRange(due.Select(ReminderMessages.ToMessage));
            return response;
        });

    public override Task WatchReminders(WatchRemindersRequest request, IServerStreamWriter<DueReminder> responseStream, ServerCallContext context) =>
        PluginCall.RunAsync(async () =>
        {
            var orgId = await WatchedOrgAsync(request.OrgId, request.AllOrgs, context).ConfigureAwait(false);
            using var watcher = await _scheduler.WatchAsync(orgId, request.IncludeDue, context.CancellationToken).ConfigureAwait(false);

            // Headers go out once the watcher is in place: a client that awaits them knows nothing due from now on is missed.
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _lifetime.ApplicationStopping);
            try
            {
                await foreach (var notice in watcher.Notices.ReadAllAsync(ended.Token).ConfigureAwait(false))
                {
                    watcher.Sending(notice);
                    await responseStream.WriteAsync(ReminderMessages.ToMessage(notice), context.CancellationToken).ConfigureAwait(false);
                    watcher.Sent();
                }
            }
            catch (OperationCanceledException) when (_lifetime.ApplicationStopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            {
                // The node stops: the stream ends normally.
            }

            return true;
        });

    private static ReminderNotFoundException ReminderNotFound(string id) => new($"reminder {id} not found");

    private static string RequireId(string id, string field)
    {
        var trimmed = id.Trim();
        return trimmed.Length == 0 ? throw new ReminderValidationException(field, "is required")
            : trimmed.Length > ReminderLimits.MaxIdLength ? throw new ReminderValidationException(field, $"is {trimmed.Length} characters long; ids have at most {ReminderLimits.MaxIdLength}")
            : trimmed;
    }

    private static int Size(int requested, string field) => requested switch
    {
        0 => DefaultPageSize,
        < 0 or > MaxPageSize => throw new ReminderValidationException(field, $"{requested} is not between 1 and {MaxPageSize}"),
        _ => requested,
    };

    private static (DateTimeOffset CreatedAt, string Id) ParsePageToken(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTimeOffset.MaxValue.UtcTicks && dot < token.Length - 1)
        {
            return (new DateTimeOffset(ticks, TimeSpan.Zero), token[(dot + 1)..]);
        }

        throw new ReminderValidationException("page_token", $"'{token}' is not a page token of this list");
    }

    private DateTimeOffset SnoozeEnd(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            throw new ReminderValidationException("duration", $"{duration} is not more than zero");
        }

        if (duration > ReminderLimits.MaxSnooze)
        {
            throw new ReminderValidationException("duration", $"{duration} is longer than the limit of {ReminderLimits.MaxSnooze.TotalDays} days");
        }

        return _time.GetUtcNow() + duration;
    }

    private Proto.Reminder ToMessage(OrgReminders reminders, Model.Reminder reminder) =>
        ReminderMessages.ToMessage(reminder, reminders.EventTitle(reminder), reminders.NextDue(reminder));

    private async Task<Guid?> WatchedOrgAsync(string orgId, bool allOrgs, ServerCallContext context)
    {
        if (!allOrgs)
        {
            return (await RemindersAsync(orgId, context).ConfigureAwait(false)).OrgId;
        }

        return orgId.Trim().Length > 0 ? throw new ReminderValidationException("org_id", "must be empty with all_orgs") : null;
    }

    private async Task<OrgReminders> RemindersAsync(string orgId, ServerCallContext context)
    {
        var id = await PluginCall.ResolveOrgAsync(_orgs, orgId, context.CancellationToken).ConfigureAwait(false);
        var document = await _scheduler.OpenAsync(id, context.CancellationToken).ConfigureAwait(false);
        return new OrgReminders(document, _planner, _time);
    }
}
