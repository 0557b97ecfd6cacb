namespace P2PClinic.Host.Hosting;

/// <summary>When the node started, by the node's <see cref="TimeProvider"/>.</summary>
internal sealed class NodeClock
{
    private readonly TimeProvider _time;
    private readonly long _started;

    public NodeClock(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    public TimeSpan Uptime => _time.GetElapsedTime(_started);
}
