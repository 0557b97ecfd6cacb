namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>
/// One of the association's timers (T1, T2, T3, delayed SACK, RE-CONFIG) on a <see cref="TimeProvider"/>.
/// Expiry runs under the association's lock and is ignored when the timer was stopped or re-armed
/// meanwhile, so a callback racing with <see cref="Stop"/> never acts on stale state.
/// Restarting is cheap: T3 restarts on every acknowledgement, so moving the deadline later only
/// records it, and an early wake-up sleeps again for the rest.
/// </summary>
internal sealed class AssociationTimer : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate;
    private readonly Action _onExpired;
    private readonly ITimer _timer;

    /// <summary>When the timer expires (a <see cref="TimeProvider"/> timestamp); 0 when stopped.</summary>
    private long _due;

    /// <summary>When the underlying timer wakes up; 0 when it is idle.</summary>
    private long _wakeUp;
    private bool _disposed;

    public AssociationTimer(TimeProvider time, Lock gate, Action onExpired)
    {
        _time = time;
        _gate = gate;
        _onExpired = onExpired;
        _timer = time.CreateTimer(static state => ((AssociationTimer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public bool IsRunning => _due != 0;

    /// <summary>Called under the association's lock.</summary>
    public void Start(TimeSpan after)
    {
        if (_disposed)
        {
            return;
        }

        var now = _time.GetTimestamp();
        _due = Math.Max(1, now + ToTicks(after));
        if (_wakeUp != 0 && _wakeUp <= _due)
        {
            return;
        }

        _wakeUp = _due;
        _timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Called under the association's lock. The underlying timer may still wake up; it then finds nothing due.</summary>
    public void Stop() => _due = 0;

    /// <summary>Called under the association's lock.</summary>
    public void Dispose()
    {
        _due = 0;
        _disposed = true;
        _timer.Dispose();
    }

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private void Fire()
    {
        lock (_gate)
        {
            _wakeUp = 0;
            if (_due == 0 || _disposed)
            {
                return;
            }

            var remaining = _due - _time.GetTimestamp();
            if (remaining > 0)
            {
                // Moved later meanwhile, or the system timer woke a little early: sleep for the rest.
                _wakeUp = _due;
                _timer.Change(TimeSpan.FromSeconds((double)remaining / _time.TimestampFrequency), Timeout.InfiniteTimeSpan);
                return;
            }

            _due = 0;
            _onExpired();
        }
    }
}
