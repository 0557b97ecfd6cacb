using P2PClinic.Signaling.Internal.Model;
using P2PClinic.Signaling.Internal.Storage;

namespace P2PClinic.Signaling.Internal.Api;

/// <summary>
/// Long polling over any store: watch the mailbox, drain it, and if it was empty wait for a post (or the deadline)
/// and drain again. Watching before draining means a post between the two is never missed. Waits run on the
/// <see cref="TimeProvider"/>, so tests move time instead of waiting 25 seconds.
/// </summary>
internal sealed class MailboxLongPoll(IRendezvousStore store, TimeProvider time)
{
    /// <summary>Drains the peer's mailbox, waiting up to <paramref name="wait"/> for a first message.</summary>
    /// <param name="room">The room the mailbox belongs to.</param>
    /// <param name="peer">The mailbox's owner.</param>
    /// <param name="wait">How long to wait when the mailbox is empty.</param>
    /// <param name="stopping">Server shutdown: ends the wait early with whatever is there, so shutdown is not held up.</param>
    /// <param name="aborted">The client went away: the wait ends and nothing is drained, so no message is lost.</param>
    public async Task<MailboxDrain> DrainAsync(RoomToken room, PeerId peer, TimeSpan wait, CancellationToken stopping, CancellationToken aborted)
    {
        // The timeout is armed before the poll registers as waiting: a clock that moves on at any point after
        // that (a test's fake clock included) is always seen, even while the first drain is still in flight.
        using var timeout = new CancellationTokenSource(wait, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted, timeout.Token);
        while (true)
        {
            using var wakeup = store.WatchMailbox(room, peer);
            var drain = await store.DrainMailboxAsync(room, peer, aborted);
            if (!drain.PeerPresent || drain.Messages.Count > 0 || timeout.IsCancellationRequested)
            {
                return drain;
            }

            try
            {
                await wakeup.Posted.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                // The wait is over (timed out, or the server is stopping): answer with whatever is there now.
                return await store.DrainMailboxAsync(room, peer, aborted);
            }
        }
    }
}
