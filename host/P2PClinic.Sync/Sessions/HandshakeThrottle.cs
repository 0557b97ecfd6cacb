namespace P2PClinic.Sync.Sessions;

/// <summary>
/// Limits failed handshakes per org, whatever peer ids an attacker rotates through: after n failures in a row a new
/// handshake waits <c>base * 2^(n-1)</c> (capped) from the last failure. One success resets it. An attacker thus gets
/// one online password guess per back-off period; honest peers that collide with it retry when it ends.
/// </summary>
internal sealed class HandshakeThrottle
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _base;
    private readonly TimeSpan _max;
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset _blockedUntil;

    public HandshakeThrottle(TimeProvider time, TimeSpan @base, TimeSpan max)
    {
        _time = time;
        _base = @base;
        _max = max;
    }

    public int ConsecutiveFailures
    {
        get
        {
            lock (_lock)
            {
                return _failures;
            }
        }
    }

    /// <summary>Whether a handshake may start now; otherwise how long until one may.</summary>
    public bool TryEnter(out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            retryAfter = _blockedUntil - _time.GetUtcNow();
            return retryAfter <= TimeSpan.Zero;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _failures++;
            var delay = _base * Math.Pow(2, Math.Min(_failures - 1, 30));
            _blockedUntil = _time.GetUtcNow() + (delay > _max ? _max : delay);
        }
    }

    public void Succeeded()
    {
        lock (_lock)
        {
            _failures = 0;
            _blockedUntil = default;
        }
    }
}
