using Grpc.Core;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Testing;
using static P2PClinic.Reminders.Tests.Node.ReminderNode;

namespace P2PClinic.Reminders.Tests.Node;

/// <summary>Delivery through a real node running the real calendar: once per watcher, late after a restart, dismissals merged from a peer.</summary>
public sealed class ReminderDeliveryTests
{
    [Fact]
    public async Task WatchReminders_TwoConcurrentWatchers_EachReceivesTheDueReminderExactlyOnce()
    {
        await using var node = await StartAsync();
        var org = await node.NewOrgAsync();
        var start = Now() + TimeSpan.FromHours(1);
        var (eventId, occurrenceId) = await node.CreateEventAsync(org, "Ward round", start);
        using var cancel = new CancellationTokenSource();
        using var first = await node.WatchAsync(org, cancel.Token);
        using var second = await node.WatchAsync(org, cancel.Token);

        var reminder = await node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));

        foreach (var watch in new[] { first, second })
        {
            var due = await NextAsync(watch);
            Assert.Equal(reminder.Id, due.ReminderId);
            Assert.Equal(org, due.OrgId);
            Assert.Equal(eventId, due.EventId);
            Assert.Equal(occurrenceId, due.OccurrenceId);
            Assert.Equal("Ward round", due.EventTitle);
            Assert.Equal(start, due.OccurrenceStart.ToDateTimeOffset());
            Assert.Equal(reminder.At, due.DueAt);
            Assert.False(due.Late);
        }

        // Once: the next thing each watcher receives is a later reminder, not the first one again.
        var sentinel = await node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        Assert.Equal(sentinel.Id, (await NextAsync(first)).ReminderId);
        Assert.Equal(sentinel.Id, (await NextAsync(second)).ReminderId);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task ReminderDueWhileTheNodeWasDown_IsDeliveredOnceMarkedLate_AndNotAgainAfterAnotherRestart()
    {
        await using var node = await StartAsync();
        var org = await node.NewOrgAsync();
        var (eventId, occurrenceId) = await node.CreateEventAsync(org, "Follow-up call", Now() + TimeSpan.FromHours(1));
        var missed = await node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2));
        Assert.Equal(0, await node.Node.StopAsync());
        await Eventually.PastAsync(missed.At.ToDateTimeOffset());

        await node.Node.RestartAsync();
        using (var cancel = new CancellationTokenSource())
        {
            using var watch = await node.WatchAsync(org, cancel.Token);
            var late = await NextAsync(watch);
            Assert.Equal(missed.Id, late.ReminderId);
            Assert.True(late.Late);

            var sentinel = await node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
            var next = await NextAsync(watch);
            Assert.Equal(sentinel.Id, next.ReminderId);
            Assert.False(next.Late);
            await cancel.CancelAsync();
        }

        Assert.Equal(0, await node.Node.StopAsync());
        await node.Node.RestartAsync();
        using (var cancel = new CancellationTokenSource())
        {
            using var watch = await node.WatchAsync(org, cancel.Token);
            var sentinel = await node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
            Assert.Equal(sentinel.Id, (await NextAsync(watch)).ReminderId);
            await cancel.CancelAsync();
        }

        // Delivered, not dismissed: still due, and listed as the late delivery it was.
        var due = await node.Reminders.ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = org });
        Assert.True(due.Reminders.Single(r => r.ReminderId == missed.Id).Late);
    }

    [Fact]
    public async Task DismissalOnAnotherDevice_MergedByHand_StopsTheDelivery()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var orgA = await a.NewOrgAsync();
        var orgB = await b.NewOrgAsync();
        var (eventId, occurrenceId) = await a.CreateEventAsync(orgA, "Consultation", Now() + TimeSpan.FromHours(1));
        var dismissed = await a.RemindAtAsync(orgA, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));

        await CopyStateAsync(a, orgA, b, orgB);
        var onB = await b.Reminders.GetReminderAsync(new GetReminderRequest { OrgId = orgB, Id = dismissed.Id });
        Assert.Equal("Consultation", onB.EventTitle);
        await b.Reminders.DismissReminderAsync(new DismissReminderRequest { OrgId = orgB, Id = dismissed.Id, OccurrenceId = occurrenceId });
        await CopyStateAsync(b, orgB, a, orgA);

        // A's watcher gets what is due and undelivered: the later reminder, never the dismissed one.
        var sentinel = await a.RemindAtAsync(orgA, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        await Eventually.PastAsync(dismissed.At.ToDateTimeOffset());
        using var cancel = new CancellationTokenSource();
        using var watch = await a.WatchAsync(orgA, cancel.Token);
        Assert.Equal(sentinel.Id, (await NextAsync(watch)).ReminderId);
        var due = await a.Reminders.ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = orgA });
        Assert.DoesNotContain(due.Reminders, r => r.ReminderId == dismissed.Id);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task SnoozedReminder_IsDeliveredAgainAtTheSnoozeTime()
    {
        await using var node = await StartAsync();
        var org = await node.NewOrgAsync();
        var (eventId, occurrenceId) = await node.CreateEventAsync(org, "Lab results", Now() + TimeSpan.FromHours(1));
        using var cancel = new CancellationTokenSource();
        using var watch = await node.WatchAsync(org, cancel.Token);
        var reminder = await node.RemindAtAsync(org, eventId, occurrenceId, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        Assert.Equal(reminder.Id, (await NextAsync(watch)).ReminderId);

        var snooze = await node.Reminders.SnoozeReminderAsync(new SnoozeReminderRequest
        {
            OrgId = org,
            Id = reminder.Id,
            Duration = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(2)),
        });
        Assert.Equal([occurrenceId], snooze.OccurrenceIds);

        var again = await NextAsync(watch);
        Assert.Equal(reminder.Id, again.ReminderId);
        Assert.True(again.Snoozed);
        Assert.Equal(snooze.Until, again.DueAt);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task WatchReminders_EndsWhenTheNodeStops()
    {
        await using var node = await StartAsync();
        var org = await node.NewOrgAsync();
        using var watch = await node.WatchAsync(org, CancellationToken.None);
        var stopped = node.Node.StopAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            Assert.False(await watch.ResponseStream.MoveNext(timeout.Token));
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Internal)
        {
            // The connection went away with the node: an ended stream all the same.
        }

        Assert.Equal(0, await stopped);
    }
}
