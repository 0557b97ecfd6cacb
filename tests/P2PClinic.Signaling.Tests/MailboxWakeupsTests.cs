using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling.Tests;

public sealed class MailboxWakeupsTests
{
    [Fact]
    public void Notify_WakesEveryWatcherOfThatMailbox_AndNoOther()
    {
        var wakeups = new MailboxWakeups();
        using var first = wakeups.Watch("room/a");
        using var second = wakeups.Watch("room/a");
        using var other = wakeups.Watch("room/b");

        wakeups.Notify("room/a");

        Assert.True(first.Posted.IsCompleted);
        Assert.True(second.Posted.IsCompleted);
        Assert.False(other.Posted.IsCompleted);
        Assert.Equal(1, wakeups.WaitingCount);
    }

    [Fact]
    public void NotifyAll_WakesEveryWatcher()
    {
        var wakeups = new MailboxWakeups();
        using var first = wakeups.Watch("room/a");
        using var other = wakeups.Watch("room/b");

        wakeups.NotifyAll();

        Assert.True(first.Posted.IsCompleted);
        Assert.True(other.Posted.IsCompleted);
        Assert.Equal(0, wakeups.WaitingCount);
    }

    [Fact]
    public void Dispose_StopsWatching_SoALaterPostFindsNobody()
    {
        var wakeups = new MailboxWakeups();
        var wakeup = wakeups.Watch("room/a");

        wakeup.Dispose();
        wakeups.Notify("room/a");

        Assert.Equal(0, wakeups.WaitingCount);
        Assert.False(wakeup.Posted.IsCompleted);
    }
}
