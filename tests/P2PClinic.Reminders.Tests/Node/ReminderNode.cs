using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Testing;
using P2PClinic.Tests.Exchange.V1;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>
/// A real node (built host; built-in plugins, among them calendar and reminders; plus the document exchange test
/// plugin) with the clients and steps the reminder tests share.
/// </summary>
internal sealed class ReminderNode : IAsyncDisposable
{
    /// <summary>How long a test waits for something the node is expected to do; generous, the machine is busy.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private ReminderNode(TestNode node)
    {
        Node = node;
    }

    public static string TestPluginsDirectory => Path.Combine(AppContext.BaseDirectory, "test-plugins");

    public TestNode Node { get; }

    public ReminderService.ReminderServiceClient Reminders => new(Node.Channel);

    public CalendarService.CalendarServiceClient Calendar => new(Node.Channel);

    public DocumentExchange.DocumentExchangeClient Exchange => new(Node.Channel);

    /// <summary>How a reminder test's node starts: built-in plugins and the test plugins of this project's build.</summary>
    public static TestNodeOptions Options(string? dataDirectory = null) => new() { PluginDirectories = [TestPluginsDirectory], DataDirectory = dataDirectory };

    public static async Task<ReminderNode> StartAsync(string? dataDirectory = null) => new(await TestNode.StartAsync(Options(dataDirectory)));

    /// <summary>The reminder tests' clients and steps over a node someone else started and disposes (a class fixture).</summary>
    public static ReminderNode Over(TestNode node) => new(node);

    public async Task<string> NewOrgAsync() =>
        (await Node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Reminders " + Guid.NewGuid().ToString("N")[..8] })).Id;

    /// <summary>Creates a one-off event in UTC starting at <paramref name="start"/> (whole seconds) and returns its id and occurrence id.</summary>
    public async Task<(string EventId, string OccurrenceId)> CreateEventAsync(string orgId, string title, DateTimeOffset start)
    {
        var created = await Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = orgId,
            Event = new Event { Title = title, Start = start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) },
        });
        var occurrences = await Calendar.ListOccurrencesAsync(new ListOccurrencesRequest
        {
            OrgId = orgId,
            From = Timestamp.FromDateTimeOffset(start - TimeSpan.FromMinutes(1)),
            To = Timestamp.FromDateTimeOffset(start + TimeSpan.FromMinutes(1)),
        });
        return (created.Id, occurrences.Occurrences.Single(o => o.EventId == created.Id).OccurrenceId);
    }

    /// <summary>A reminder of the occurrence due at <paramref name="at"/>.</summary>
    public Task<Reminder> RemindAtAsync(string orgId, string eventId, string occurrenceId, DateTimeOffset at) =>
        Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = orgId, EventId = eventId, OccurrenceId = occurrenceId, At = Timestamp.FromDateTimeOffset(at) }).ResponseAsync;

    /// <summary>Starts watching and waits until the node has the watcher in place (it sends the headers then).</summary>
    public async Task<AsyncServerStreamingCall<DueReminder>> WatchAsync(string orgId, CancellationToken cancellationToken)
    {
        var call = Reminders.WatchReminders(new WatchRemindersRequest { OrgId = orgId }, cancellationToken: cancellationToken);
        await call.ResponseHeadersAsync.WaitAsync(Patience, cancellationToken);
        return call;
    }

    /// <summary>The next reminder the watch delivers, waiting at most <see cref="Patience"/>.</summary>
    public static async Task<DueReminder> NextAsync(AsyncServerStreamingCall<DueReminder> call)
    {
        using var timeout = new CancellationTokenSource(Patience);
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "the watch ended");
        return call.ResponseStream.Current;
    }

    /// <summary>Copies what <paramref name="to"/> lacks of <paramref name="from"/>'s org document into its own org's document.</summary>
    public static async Task CopyStateAsync(ReminderNode from, string fromOrg, ReminderNode to, string toOrg)
    {
        var target = await to.Exchange.ExportUpdateAsync(new ExportUpdateRequest { OrgId = toOrg });
        var diff = await from.Exchange.ExportUpdateAsync(new ExportUpdateRequest { OrgId = fromOrg, StateVector = target.StateVector });
        await to.Exchange.ApplyUpdateAsync(new ApplyUpdateRequest { OrgId = toOrg, Update = diff.Update });
    }

    /// <summary>Now on the node's clock (the machine's), to the second: event times are whole seconds.</summary>
    public static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerSecond));
    }

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
