namespace P2PClinic.Signaling.Internal.Storage;

/// <summary>
/// The long polls waiting in this process, by mailbox. A post (here, or on another instance via Redis pub/sub)
/// completes every wake-up registered for that mailbox.
/// </summary>
internal sealed class MailboxWakeups
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, HashSet<MailboxWakeup>> waiting = new(StringComparer.Ordinal);

    public static string KeyOf(string room, string peer) => room + "/" + peer;

    public int WaitingCount
    {
        get
        {
            lock (gate)
            {
                return waiting.Values.Sum(set => set.Count);
            }
        }
    }

    public MailboxWakeup Watch(string mailbox)
    {
        var wakeup = new MailboxWakeup(this, mailbox);
        lock (gate)
        {
            if (!waiting.TryGetValue(mailbox, out var set))
            {
                set = [];
                waiting.Add(mailbox, set);
            }

            set.Add(wakeup);
        }

        return wakeup;
    }

    public void Notify(string mailbox)
    {
        HashSet<MailboxWakeup>? woken;
        lock (gate)
        {
            waiting.Remove(mailbox, out woken);
        }

        if (woken is not null)
        {
            foreach (var wakeup in woken)
            {
                wakeup.Complete();
            }
        }
    }

    /// <summary>Wakes every waiting poll, so each drains again (after a lost notification channel came back).</summary>
    public void NotifyAll()
    {
        List<HashSet<MailboxWakeup>> woken;
        lock (gate)
        {
            woken = [.. waiting.Values];
            waiting.Clear();
        }

        foreach (var wakeup in woken.SelectMany(set => set))
        {
            wakeup.Complete();
        }
    }

    internal void Forget(MailboxWakeup wakeup)
    {
        lock (gate)
        {
            if (waiting.TryGetValue(wakeup.Mailbox, out var set) && set.Remove(wakeup) && set.Count == 0)
            {
                waiting.Remove(wakeup.Mailbox);
            }
        }
    }
}

/// <summary>One long poll's wait for the next post to its mailbox. Dispose it when the poll ends.</summary>
internal sealed class MailboxWakeup : IDisposable
{
    private readonly MailboxWakeups owner;
    private readonly TaskCompletionSource posted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal MailboxWakeup(MailboxWakeups owner, string mailbox)
    {
        this.owner = owner;
        Mailbox = mailbox;
    }

    public string Mailbox { get; }

    /// <summary>Completes when a signal is posted to the mailbox.</summary>
    public Task Posted => posted.Task;

    internal void Complete() => posted.TrySetResult();

    public void Dispose() => owner.Forget(this);
}
