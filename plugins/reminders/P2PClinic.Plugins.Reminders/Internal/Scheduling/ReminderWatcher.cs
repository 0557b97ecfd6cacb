using System.Threading.Channels;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>One connected WatchReminders call: the notices the scheduler sends it, in order, each once.</summary>
/// <remarks>
/// The stream tells the watcher which notice it is writing (<see cref="Sending"/>) and when the write went out
/// (<see cref="Sent"/>). When the watcher goes away, what it never wrote (queued, or caught in a failed write) is
/// handed back to the scheduler, which makes it wait for the next watcher unless another one of its org has it.
/// </remarks>
internal sealed class ReminderWatcher : IDisposable
{
    private readonly Channel<DueNotice> _notices = Channel.CreateUnbounded<DueNotice>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<ReminderWatcher, IReadOnlyList<DueNotice>> _onDispose;
    private DueNotice? _sending;
    private int _disposed;

    public ReminderWatcher(Guid? orgId, bool includeDue, Action<ReminderWatcher, IReadOnlyList<DueNotice>> onDispose)
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

    /// <summary>The stream took <paramref name="notice"/> from <see cref="Notices"/> and is writing it.</summary>
    public void Sending(DueNotice notice) => Volatile.Write(ref _sending, notice);

    /// <summary>The write of the notice given to <see cref="Sending"/> completed.</summary>
    public void Sent() => Volatile.Write(ref _sending, null);

    /// <summary>Queues a notice; false when the watcher is already gone (its removal is still on the scheduler's queue).</summary>
    internal bool Send(DueNotice notice) => _notices.Writer.TryWrite(notice);

    internal void Complete() => _notices.Writer.TryComplete();

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Complete();
        var unsent = new List<DueNotice>();
        if (Volatile.Read(ref _sending) is { } inFlight)
        {
            unsent.Add(inFlight);
        }

        while (_notices.Reader.TryRead(out var queued))
        {
            unsent.Add(queued);
        }

        _onDispose(this, unsent);
    }
}
