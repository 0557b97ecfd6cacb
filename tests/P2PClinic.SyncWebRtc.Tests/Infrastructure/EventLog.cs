namespace P2PClinic.SyncWebRtc.Tests.Infrastructure;

/// <summary>Collects events as they arrive and lets a test wait (with a generous guard, never a timing assertion) for one that matches.</summary>
public sealed class EventLog<T>
{
    /// <summary>How long a wait may take before the test fails as hung; far above what a loaded machine needs.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private readonly List<T> items = [];
    private readonly Lock gate = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (gate)
            {
                return [.. items];
            }
        }
    }

    public void Add(T item)
    {
        TaskCompletionSource wake;
        lock (gate)
        {
            items.Add(item);
            wake = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        wake.TrySetResult();
    }

    /// <summary>The first event (ever seen, not only new ones) that matches.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, string what)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (true)
        {
            Task next;
            lock (gate)
            {
                foreach (var item in items)
                {
                    if (match(item))
                    {
                        return item;
                    }
                }

                next = changed.Task;
            }

            try
            {
                await next.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"gave up waiting for {what}; seen: {string.Join(", ", Items)}");
            }
        }
    }
}
