using System.Threading.Channels;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>One connected WatchReminders call: the notices the scheduler sends it, in order, each once.</summary>
internal sealed class ReminderWatcher : IDisposable
{
    private readonly Channel<DueNotice> _notices = Channel.CreateUnbounded<DueNotice>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<ReminderWatcher> _onDispose;

    public ReminderWatcher(Guid? orgId, bool includeDue, Action<ReminderWatcher> onDispose)
    {
        OrgId = orgId;
        IncludeDue = includeDue;
        _onDispose = onDispose;
    }

    /// <summary>The org watched; null for every org of the node.</summary>
    public Guid? OrgId { get; }

    /// <summary>Whether the watcher asked first for everything due, delivered before or not.</summary>
    public bool IncludeDue { get; }

    /// <summary>The notices; completes when the scheduler stops or the org is left.</summary>
    public ChannelReader<DueNotice> Notices => _notices.Reader;

    public bool Matches(Guid orgId) => OrgId is null || OrgId == orgId;

    internal void Send(DueNotice notice) => _notices.Writer.TryWrite(notice);

    internal void Complete() => _notices.Writer.TryComplete();

    public void Dispose()
    {
        Complete();
        _onDispose(this);
    }
}
