extern alias RemindersPlugin;
using P2PClinic.Reminders.Tests.Fakes;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Delivery;
using static P2PClinic.Reminders.Tests.Fakes.SchedulerHarness;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Reminders.Tests.Scheduling;

/// <summary>What happens across restarts: the local delivery record in the plugin's data folder.</summary>
public sealed class LateDeliveryTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task ReminderDueWhileTheNodeWasDown_IsDeliveredLateOnce_AndNotAgainAfterAnotherRestart()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        await h.IdleAsync();
        await h.StopAsync();

        h.Time.Advance(TimeSpan.FromHours(2));
        await h.StartSchedulerAsync();
        using (var watcher = await h.WatchAsync())
        {
            await h.IdleAsync();
            var notice = Assert.Single(Received(watcher));
            Assert.True(notice.Late);
            Assert.Equal(T0 + Quarter, notice.Planned.DueAt);
        }

        await h.StopAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StartSchedulerAsync();
        using var afterSecondRestart = await h.WatchAsync();
        await h.IdleAsync();
        Assert.Empty(Received(afterSecondRestart));

        // Still due (nobody dismissed it): listed, and marked late as it was delivered.
        Assert.True(Assert.Single(await h.Scheduler.ListDueAsync(org.OrgId, CancellationToken.None)).Late);
    }

    [Fact]
    public async Task ReminderDueLongerAgoThanTheDueWindow_IsNotDeliveredAtStart()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        await h.IdleAsync();
        await h.StopAsync();

        h.Time.Advance(TimeSpan.FromDays(8));
        await h.StartSchedulerAsync();
        using var watcher = await h.WatchAsync();
        await h.IdleAsync();
        Assert.Empty(Received(watcher));
    }

    [Fact]
    public async Task DeliveryRecord_IsWrittenBeforeTheWatcherSeesTheFiring()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        var reminder = await h.LeadAsync(org, "e", Quarter);
        using var watcher = await h.WatchAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(15));
        var notice = Assert.Single(Received(watcher));

        var log = await DeliveryLog.LoadAsync(h.DataDirectory, org.OrgId, CancellationToken.None);
        Assert.True(log.TryGet(notice.Planned.Key, out var late));
        Assert.False(late);
        Assert.Equal(reminder.Id, notice.Planned.Key.ReminderId);
    }

    [Fact]
    public async Task UnreadableDeliveryRecord_StartsAfresh_AndTheSchedulerKeepsWorking()
    {
        var orgId = Guid.NewGuid();
        await using var h = await StartAsync(async h =>
        {
            var org = h.Orgs.Add(orgId);
            await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
            await File.WriteAllTextAsync(DeliveryLog.PathOf(h.DataDirectory, orgId), "{ not json");
        });
        var org = (InMemoryOrgDocument)await h.Orgs.OpenAsync(orgId);
        await h.LeadAsync(org, "e", Quarter);
        using var watcher = await h.WatchAsync();
        await h.AdvanceAsync(TimeSpan.FromMinutes(15));
        var notice = Assert.Single(Received(watcher));

        // The damaged file was replaced by a good record of what was delivered since.
        var log = await DeliveryLog.LoadAsync(h.DataDirectory, orgId, CancellationToken.None);
        Assert.True(log.TryGet(notice.Planned.Key, out _));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("{\"version\":2,\"delivered\":[]}")]
    [InlineData("{\"version\":1,\"delivered\":[{\"reminderId\":\"r\"}]}")]
    [InlineData("{\"version\":1,\"delivered\":[{\"reminderId\":\"r\",\"occurrenceId\":\"o\",\"dueAt\":\"yesterday\",\"late\":false}]}")]
    public async Task LoadAsync_DamagedFile_ThrowsAFormatErrorNamingTheFile(string content)
    {
        var directory = Directory.CreateTempSubdirectory("p2pclinic-reminders-log-").FullName;
        try
        {
            var orgId = Guid.NewGuid();
            await File.WriteAllTextAsync(DeliveryLog.PathOf(directory, orgId), content);
            var e = await Assert.ThrowsAsync<DeliveryLogFormatException>(() => DeliveryLog.LoadAsync(directory, orgId, CancellationToken.None));
            Assert.Contains(orgId.ToString("N"), e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RecordsOfOrgsTheNodeNoLongerHolds_AreDroppedAtStart()
    {
        await using var h = await StartAsync();
        var kept = h.AddOrg();
        var left = h.AddOrg();
        foreach (var org in new[] { kept, left })
        {
            var log = DeliveryLog.Empty(h.DataDirectory, org.OrgId);
            log.Add(new("r", "o", h.Time.GetUtcNow()), late: false);
            await log.SaveAsync(h.Time.GetUtcNow(), CancellationToken.None);
        }

        await h.StopAsync();
        h.Orgs.Remove(left.OrgId);
        await h.StartSchedulerAsync();

        Assert.Equal([kept.OrgId], DeliveryLog.StoredOrgs(h.DataDirectory));
    }

    [Fact]
    public async Task RecordOfAnOrgThatWasLeft_IsDroppedWhenItsDocumentCloses()
    {
        await using var h = await StartAsync();
        var org = h.AddOrg();
        await h.Calendar.AddEventAsync(org, "e", FakeCalendar.Single("e", "Review", T0 + TimeSpan.FromMinutes(30)));
        await h.LeadAsync(org, "e", Quarter);
        using var watcher = await h.WatchAsync(org.OrgId);
        await h.AdvanceAsync(TimeSpan.FromMinutes(15));
        Assert.Single(Received(watcher));
        Assert.Equal([org.OrgId], DeliveryLog.StoredOrgs(h.DataDirectory));

        h.Orgs.Remove(org.OrgId);
        org.Close();
        h.Scheduler.Forget(org.OrgId);
        await h.IdleAsync();

        Assert.Empty(DeliveryLog.StoredOrgs(h.DataDirectory));
        Assert.False(await watcher.Notices.WaitToReadAsync());
    }
}
