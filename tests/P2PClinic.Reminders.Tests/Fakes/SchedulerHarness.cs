extern alias RemindersPlugin;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Model;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Scheduling;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Reminders.Tests.Fakes;

/// <summary>
/// The reminder scheduler in process on a virtual clock: in-memory org documents, a fixed-list calendar, a real
/// data folder in a temp directory. Time moves only when a test advances it, and <see cref="IdleAsync"/> waits
/// until the scheduler has handled everything, so "nothing was delivered" is as certain as "something was".
/// </summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    /// <summary>Friday 27 March 2026, noon UTC: Europe/Paris switches to summer time two days later.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 27, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    private SchedulerHarness(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Planner = new ReminderPlanner(Calendar);
    }

    public FakeTimeProvider Time { get; } = new(T0);

    public MemoryOrgs Orgs { get; } = new();

    public FakeCalendar Calendar { get; } = new();

    public ReminderPlanner Planner { get; }

    public string DataDirectory { get; }

    public ReminderScheduler Scheduler { get; private set; } = null!;

    public static async Task<SchedulerHarness> StartAsync(Func<SchedulerHarness, Task>? before = null)
    {
        var harness = new SchedulerHarness(Directory.CreateTempSubdirectory("p2pclinic-reminders-").FullName);
        if (before is not null)
        {
            await before(harness);
        }

        await harness.StartSchedulerAsync();
        return harness;
    }

    /// <summary>A new org whose document is open and followed by the scheduler, as the node's org-opened hook does.</summary>
    public InMemoryOrgDocument AddOrg()
    {
        var document = Orgs.Add();
        Scheduler.Attach(document);
        return document;
    }

    public OrgReminders Reminders(InMemoryOrgDocument document) => new(document, Planner, Time);

    /// <summary>Creates a lead-time reminder at the current virtual time.</summary>
    public Task<Reminder> LeadAsync(InMemoryOrgDocument document, string eventId, TimeSpan lead) =>
        Reminders(document).CreateAsync(eventId, lead, null, "", CancellationToken.None);

    /// <summary>Stops the scheduler (the node goes down) without touching the documents or the data folder.</summary>
    public async Task StopAsync()
    {
        await Scheduler.StopAsync(CancellationToken.None);
        await Scheduler.DisposeAsync();
    }

    /// <summary>A new scheduler on the same documents and data folder: the node starts again.</summary>
    public async Task StartSchedulerAsync()
    {
        Scheduler = new ReminderScheduler(Orgs, Orgs, Planner, Time, new ReminderDataDirectory(DataDirectory), NullLogger<ReminderScheduler>.Instance);
        await Scheduler.StartAsync(CancellationToken.None);
        await IdleAsync();
    }

    public Task<ReminderWatcher> WatchAsync(Guid? orgId = null, bool includeDue = false) =>
        Scheduler.WatchAsync(orgId, includeDue, CancellationToken.None).WaitAsync(WaitLimit);

    public Task IdleAsync() => Scheduler.WhenIdleAsync(CancellationToken.None).WaitAsync(WaitLimit);

    /// <summary>Moves the virtual clock and waits until the scheduler handled what that made due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await IdleAsync();
    }

    /// <summary>Moves the virtual clock to <paramref name="when"/> and waits until the scheduler handled it.</summary>
    public Task AdvanceToAsync(DateTimeOffset when) => AdvanceAsync(when - Time.GetUtcNow());

    /// <summary>What the watcher received so far (after <see cref="IdleAsync"/> this is everything it will get for now).</summary>
    public static List<DueNotice> Received(ReminderWatcher watcher)
    {
        var notices = new List<DueNotice>();
        while (watcher.Notices.TryRead(out var notice))
        {
            notices.Add(notice);
        }

        return notices;
    }

    public async ValueTask DisposeAsync()
    {
        await Scheduler.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
