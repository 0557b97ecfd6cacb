using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Reminders.V1;
using static P2PClinic.Reminders.Tests.Node.ReminderNode;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>The ReminderService of a real node: the operations, and bad input answered with the field's name.</summary>
public sealed class ReminderServiceTests : IClassFixture<ReminderNodeFixture>
{
    private readonly ReminderNode _node;

    public ReminderServiceTests(ReminderNodeFixture fixture)
    {
        _node = fixture.Reminders;
    }

    private ReminderService.ReminderServiceClient Reminders => _node.Reminders;

    [Fact]
    public async Task CreateReminder_LeadTime_ListedWithTheEventTitleAndNextDueTime()
    {
        var org = await _node.NewOrgAsync();
        var start = Now() + TimeSpan.FromHours(3);
        var (eventId, _) = await _node.CreateEventAsync(org, "Team meeting", start);

        var created = await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)) });

        Assert.Equal(32, created.Id.Length);
        Assert.Equal(Reminder.TriggerOneofCase.LeadTime, created.TriggerCase);
        Assert.Equal(TimeSpan.FromMinutes(15), created.LeadTime.ToTimeSpan());
        Assert.Equal("Team meeting", created.EventTitle);
        Assert.Equal(start - TimeSpan.FromMinutes(15), created.NextDueAt.ToDateTimeOffset());
        Assert.Equal(created, await Reminders.GetReminderAsync(new GetReminderRequest { OrgId = org, Id = created.Id }));
    }

    [Fact]
    public async Task ListReminders_PagesInCreationOrder_AndFiltersByEvent()
    {
        var org = await _node.NewOrgAsync();
        var (first, _) = await _node.CreateEventAsync(org, "First", Now() + TimeSpan.FromHours(3));
        var (second, _) = await _node.CreateEventAsync(org, "Second", Now() + TimeSpan.FromHours(4));
        var ids = new List<string>();
        foreach (var (eventId, minutes) in new[] { (first, 5), (second, 10), (first, 15), (second, 20), (first, 25) })
        {
            ids.Add((await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes)) })).Id);
        }

        var listed = new List<string>();
        var token = "";
        do
        {
            var page = await Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org, PageSize = 2, PageToken = token });
            Assert.Equal(5, page.TotalSize);
            Assert.InRange(page.Reminders.Count, 1, 2);
            listed.AddRange(page.Reminders.Select(r => r.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(ids, listed);
        var ofFirst = await Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org, EventId = first });
        Assert.Equal([ids[0], ids[2], ids[4]], ofFirst.Reminders.Select(r => r.Id));
    }

    [Fact]
    public async Task DeleteEvent_DeletesItsReminders()
    {
        var org = await _node.NewOrgAsync();
        var (doomed, _) = await _node.CreateEventAsync(org, "Cancelled", Now() + TimeSpan.FromHours(3));
        var (kept, _) = await _node.CreateEventAsync(org, "Kept", Now() + TimeSpan.FromHours(3));
        var gone = await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = doomed, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) });
        var stays = await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = kept, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) });

        await _node.Calendar.DeleteEventAsync(new DeleteEventRequest { OrgId = org, Id = doomed });

        // The scheduler answers after it handled every change made before the call: the sweep is done by then.
        await Reminders.ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = org });
        var left = await Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org });
        Assert.Equal([stays.Id], left.Reminders.Select(r => r.Id));
        var e = await Assert.ThrowsAsync<RpcException>(() => Reminders.GetReminderAsync(new GetReminderRequest { OrgId = org, Id = gone.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task DeleteReminder_RemovesIt_AndASecondDeleteIsNotFound()
    {
        var org = await _node.NewOrgAsync();
        var (eventId, _) = await _node.CreateEventAsync(org, "Call", Now() + TimeSpan.FromHours(3));
        var reminder = await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(5)) });

        await Reminders.DeleteReminderAsync(new DeleteReminderRequest { OrgId = org, Id = reminder.Id });

        Assert.Empty((await Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org })).Reminders);
        var e = await Assert.ThrowsAsync<RpcException>(() => Reminders.DeleteReminderAsync(new DeleteReminderRequest { OrgId = org, Id = reminder.Id }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task ListDueReminders_OverJson_ListsWhatIsDue()
    {
        var org = await _node.NewOrgAsync();
        var (eventId, occurrenceId) = await _node.CreateEventAsync(org, "Rounds", Now() + TimeSpan.FromHours(1));
        var reminder = await _node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1));

        using var http = _node.Node.CreateHttpClient();
        var response = await http.GetAsync(new Uri($"/v1/reminders:due?orgId={org}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var due = Assert.Single(json.RootElement.GetProperty("reminders").EnumerateArray());
        Assert.Equal(reminder.Id, due.GetProperty("reminderId").GetString());
        Assert.Equal("Rounds", due.GetProperty("eventTitle").GetString());

        var dismiss = await http.PostAsync(
            new Uri($"/v1/reminders/{reminder.Id}:dismiss", UriKind.Relative),
            new StringContent($$"""{"orgId":"{{org}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, dismiss.StatusCode);
        Assert.Empty((await Reminders.ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = org })).Reminders);
    }

    [Fact]
    public async Task WatchReminders_OverGrpcWeb_DeliversTheDueReminder()
    {
        var org = await _node.NewOrgAsync();
        var (eventId, occurrenceId) = await _node.CreateEventAsync(org, "Browser tab", Now() + TimeSpan.FromHours(1));
        using var web = _node.Node.CreateGrpcWebChannel();
        using var cancel = new CancellationTokenSource();
        using var watch = new ReminderService.ReminderServiceClient(web).WatchReminders(new WatchRemindersRequest { OrgId = org }, cancellationToken: cancel.Token);
        await watch.ResponseHeadersAsync.WaitAsync(Patience);

        var reminder = await _node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        var due = await NextAsync(watch);
        Assert.Equal(reminder.Id, due.ReminderId);
        Assert.Equal("Browser tab", due.EventTitle);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task CreateReminder_BadInput_InvalidArgumentNamingTheField()
    {
        var org = await _node.NewOrgAsync();
        var (eventId, occurrenceId) = await _node.CreateEventAsync(org, "Checkup", Now() + TimeSpan.FromHours(3));
        var cases = new (CreateReminderRequest Request, string Field)[]
        {
            (new() { OrgId = "not-an-org", EventId = eventId, LeadTime = Minutes(5) }, "org_id"),
            (new() { OrgId = org, LeadTime = Minutes(5) }, "event_id"),
            (new() { OrgId = org, EventId = eventId }, "lead_time"),
            (new() { OrgId = org, EventId = eventId, LeadTime = Minutes(-5) }, "lead_time"),
            (new() { OrgId = org, EventId = eventId, LeadTime = Duration.FromTimeSpan(TimeSpan.FromDays(29)) }, "lead_time"),
            (new() { OrgId = org, EventId = eventId, LeadTime = new Duration { Seconds = 60, Nanos = -1 } }, "lead_time"),
            (new() { OrgId = org, EventId = eventId, LeadTime = Minutes(5), OccurrenceId = occurrenceId }, "occurrence_id"),
            (new() { OrgId = org, EventId = eventId, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) }, "occurrence_id"),
            (new() { OrgId = org, EventId = eventId, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), OccurrenceId = "20200101T000000Z" }, "occurrence_id"),
            (new() { OrgId = org, EventId = eventId, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow), OccurrenceId = "soon" }, "occurrence_id"),
            (new() { OrgId = org, EventId = eventId, At = new Timestamp { Seconds = 1, Nanos = 1_000_000_000 }, OccurrenceId = occurrenceId }, "at"),
            (new() { OrgId = org, EventId = eventId, At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - TimeSpan.FromDays(30)), OccurrenceId = occurrenceId }, "at"),
        };

        foreach (var (request, field) in cases)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => Reminders.CreateReminderAsync(request).ResponseAsync);
            Assert.True(e.StatusCode == StatusCode.InvalidArgument, $"{request}: {e.Status}");
            Assert.StartsWith(field + ": ", e.Status.Detail, StringComparison.Ordinal);
        }

        Assert.Empty((await Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org })).Reminders);
    }

    [Fact]
    public async Task UnknownOrgEventOrReminder_IsNotFound()
    {
        var org = await _node.NewOrgAsync();
        var calls = new Func<Task>[]
        {
            () => Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = Guid.NewGuid().ToString("N"), LeadTime = Minutes(5) }).ResponseAsync,
            () => Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = Guid.NewGuid().ToString("N"), EventId = "e", LeadTime = Minutes(5) }).ResponseAsync,
            () => Reminders.GetReminderAsync(new GetReminderRequest { OrgId = org, Id = "nope" }).ResponseAsync,
            () => Reminders.SnoozeReminderAsync(new SnoozeReminderRequest { OrgId = org, Id = "nope", Duration = Minutes(5) }).ResponseAsync,
            () => Reminders.DismissReminderAsync(new DismissReminderRequest { OrgId = org, Id = "nope" }).ResponseAsync,
        };

        foreach (var call in calls)
        {
            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }
    }

    [Fact]
    public async Task OtherRequests_BadInput_InvalidArgumentNamingTheField()
    {
        var org = await _node.NewOrgAsync();
        var (eventId, _) = await _node.CreateEventAsync(org, "Checkup", Now() + TimeSpan.FromHours(3));
        var reminder = await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Minutes(5) });
        var cases = new (Func<Task> Call, string Field)[]
        {
            (() => Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org, PageSize = -1 }).ResponseAsync, "page_size"),
            (() => Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org, PageSize = 1001 }).ResponseAsync, "page_size"),
            (() => Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org, PageToken = "garbage" }).ResponseAsync, "page_token"),
            (() => Reminders.GetReminderAsync(new GetReminderRequest { OrgId = org }).ResponseAsync, "id"),
            (() => Reminders.DeleteReminderAsync(new DeleteReminderRequest { OrgId = org, Id = new string('a', 200) }).ResponseAsync, "id"),
            (() => Reminders.SnoozeReminderAsync(new SnoozeReminderRequest { OrgId = org, Id = reminder.Id }).ResponseAsync, "until"),
            (() => Reminders.SnoozeReminderAsync(new SnoozeReminderRequest { OrgId = org, Id = reminder.Id, Duration = Minutes(-1) }).ResponseAsync, "duration"),
            (() => Reminders.SnoozeReminderAsync(new SnoozeReminderRequest { OrgId = org, Id = reminder.Id, Duration = Duration.FromTimeSpan(TimeSpan.FromDays(30)) }).ResponseAsync, "duration"),
            (() => Reminders.SnoozeReminderAsync(new SnoozeReminderRequest { OrgId = org, Id = reminder.Id, Until = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - TimeSpan.FromMinutes(1)) }).ResponseAsync, "until"),
            (() => Reminders.DismissReminderAsync(new DismissReminderRequest { OrgId = org, Id = reminder.Id, OccurrenceId = "20200101T000000Z" }).ResponseAsync, "occurrence_id"),
            (() => Reminders.ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = org, AllOrgs = true }).ResponseAsync, "org_id"),
        };

        foreach (var (call, field) in cases)
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            Assert.True(e.StatusCode == StatusCode.InvalidArgument, $"{field}: {e.Status}");
            Assert.StartsWith(field + ": ", e.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SnoozeOrDismiss_WithNothingDue_IsFailedPrecondition()
    {
        var org = await _node.NewOrgAsync();
        var (eventId, _) = await _node.CreateEventAsync(org, "Later", Now() + TimeSpan.FromHours(3));
        var reminder = await Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Minutes(5) });

        var snooze = await Assert.ThrowsAsync<RpcException>(() => Reminders.SnoozeReminderAsync(new SnoozeReminderRequest { OrgId = org, Id = reminder.Id, Duration = Minutes(5) }).ResponseAsync);
        var dismiss = await Assert.ThrowsAsync<RpcException>(() => Reminders.DismissReminderAsync(new DismissReminderRequest { OrgId = org, Id = reminder.Id }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, snooze.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, dismiss.StatusCode);
    }

    private static Duration Minutes(int minutes) => Duration.FromTimeSpan(TimeSpan.FromMinutes(minutes));
}
