namespace P2PClinic.Testing;

/// <summary>
/// Waits in real time for a condition that other threads or processes make true, up to a deadline that fails the
/// test with what was awaited: never a fixed sleep, never a timing assertion. Linked as source into test projects
/// that do not reference this one (WebRtc, Signaling, Storage), so that there is one of it.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts by default: far above what a loaded two-core machine needs.</summary>
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromSeconds(60);

    /// <summary>The longest pause between two checks by default: quick enough for in-process conditions.</summary>
    public static readonly TimeSpan DefaultMaxInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="patience"/>.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what = "the condition", TimeSpan? patience = null, CancellationToken cancellationToken = default)
        => WaitUntilAsync(() => Task.FromResult(condition()), what, patience, cancellationToken);

    /// <summary>
    /// Polls <paramref name="condition"/> until it holds; throws <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> after <paramref name="patience"/>. A condition that costs something to check (a
    /// whole org read from a container) passes a longer <paramref name="maxInterval"/>.
    /// </summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what = "the condition", TimeSpan? patience = null, CancellationToken cancellationToken = default, TimeSpan? maxInterval = null)
    {
        var limit = patience ?? DefaultPatience;
        var longest = (int)(maxInterval ?? DefaultMaxInterval).TotalMilliseconds;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        var delay = 1;
        while (!await condition())
        {
            try
            {
                await Task.Delay(delay, deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not hold within {limit}");
            }

            // From 1 ms up to the longest interval between checks: quick when it is quick, cheap when it is slow.
            delay = Math.Min(delay * 2, longest);
        }
    }

    /// <summary>
    /// Lets the wall clock pass <paramref name="moment"/>, for tests of a node that runs on the system clock (a
    /// reminder coming due while the node is down): what the test is about takes real time. Nothing is synchronized
    /// by it.
    /// </summary>
    public static async Task PastAsync(DateTimeOffset moment)
    {
        while (DateTimeOffset.UtcNow <= moment)
        {
            await Task.Delay(moment - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(50));
        }
    }
}
