namespace P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;

/// <summary>
/// Exponential back-off with jitter between connection tries: the first delay, doubling per failure up to the
/// maximum, each drawn within ±20 % so that many peers that lost a link at once do not retry in lockstep.
/// </summary>
internal sealed class ReconnectBackoff
{
    private const double Jitter = 0.2;

    private readonly TimeSpan first;
    private readonly TimeSpan max;
    private TimeSpan current;

    public ReconnectBackoff(TimeSpan first, TimeSpan max)
    {
        this.first = first;
        this.max = max;
    }

    /// <summary>The un-jittered delay the next <see cref="Next"/> is drawn around (zero: try at once).</summary>
    public TimeSpan Current => current;

    /// <summary>Starts over: the next try comes after the first delay (a link was up, then lost).</summary>
    public void AfterLinkLost() => current = first;

    /// <summary>The delay before the next try, then doubles the delay for the one after.</summary>
    public TimeSpan Next()
    {
        var delay = current;
        current = current == TimeSpan.Zero ? first : TimeSpan.FromTicks(Math.Min(current.Ticks * 2, max.Ticks));
#pragma warning disable CA5394 // Jitter spreads retries; it protects nothing.
        var factor = 1 + (((Random.Shared.NextDouble() * 2) - 1) * Jitter);
#pragma warning restore CA5394
        return delay * factor;
    }
}
