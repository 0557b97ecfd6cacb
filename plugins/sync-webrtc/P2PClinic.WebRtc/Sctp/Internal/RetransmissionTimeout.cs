namespace P2PClinic.WebRtc.Sctp.Internal;

/// <summary>The RTO computation of RFC 9260 section 6.3.1 (SRTT, RTTVAR, alpha 1/8, beta 1/4) with back-off (section 6.3.3).</summary>
internal sealed class RetransmissionTimeout(TimeSpan initial, TimeSpan min, TimeSpan max)
{
    private double _srtt;
    private double _rttvar;
    private bool _measured;

    public TimeSpan Current { get; private set; } = Clamp(initial, min, max);

    public void Measure(TimeSpan rtt)
    {
        var r = rtt.TotalMilliseconds;
        if (!_measured)
        {
            // C2: first measurement.
            _srtt = r;
            _rttvar = r / 2;
            _measured = true;
        }
        else
        {
            // C3: later measurements.
            _rttvar = (0.75 * _rttvar) + (0.25 * Math.Abs(_srtt - r));
            _srtt = (0.875 * _srtt) + (0.125 * r);
        }

        Current = Clamp(TimeSpan.FromMilliseconds(_srtt + (4 * _rttvar)), min, max);
    }

    /// <summary>E2 of section 6.3.3: double the RTO on expiry.</summary>
    public void BackOff() => Current = Clamp(Current * 2, min, max);

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max)
        => value < min ? min : value > max ? max : value;
}
