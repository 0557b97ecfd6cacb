namespace P2PClinic.WebRtc.Ice;

/// <summary>
/// What an agent has done so far, for tests that drive it on a fake clock: between two steps of the clock they wait
/// until every datagram sent between their agents was handled, every due tick ran and every state event was
/// delivered, so that nothing the next step decides depends on how fast the machine was.
/// </summary>
/// <param name="DatagramsSent">Datagrams our socket sent (checks, responses, DTLS records, TURN traffic).</param>
/// <param name="DatagramsHandled">Datagrams the receive loop took off the socket and finished with, dropped ones included.</param>
/// <param name="TicksHandled">Runs of the check timer (every <see cref="IceAgentOptions.CheckInterval"/> since <paramref name="TicksSince"/>).</param>
/// <param name="TicksSince">When the check timer started (at gathering), on the agent's clock; null before.</param>
/// <param name="EventsPending">State changes not yet delivered to <see cref="IceAgent.StateChanged"/>.</param>
internal readonly record struct IceAgentActivity(long DatagramsSent, long DatagramsHandled, long TicksHandled, DateTimeOffset? TicksSince, int EventsPending);

internal sealed partial class IceAgent
{
    private long datagramsSent;
    private long datagramsHandled;
    private long ticksHandled;
    private int eventsPending;
    private DateTimeOffset? timerStartedAt;

    internal IceAgentActivity Activity
    {
        get
        {
            DateTimeOffset? since;
            lock (gate)
            {
                since = timerStartedAt;
            }

            return new(Interlocked.Read(ref datagramsSent), Interlocked.Read(ref datagramsHandled), Interlocked.Read(ref ticksHandled), since, Volatile.Read(ref eventsPending));
        }
    }
}
