using Microsoft.Extensions.Time.Testing;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

public sealed class ReplayMemoryTests
{
    [Fact]
    public void TheNoncesRememberedAgainstReplays_AreBounded_AndFreedOnceTheirSignalsAreStale()
    {
        // A room member (with a server that delivers whatever it posts) must not grow the replay window without end.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var room = RoomSecrets.Derive("room-1");
        var (alice, bob) = (PeerId.New(), PeerId.New());
        var sender = new SignalSeal(room, time);
        var receiver = new SignalSeal(room, time);
        for (var i = 0; i < SignalSeal.MaxRememberedNonces; i++)
        {
            receiver.Open(sender.Seal(SignalKind.Knock, alice, bob, 0, ""), alice, bob);
        }

        var e = Assert.Throws<SignalRejectedException>(() => receiver.Open(sender.Seal(SignalKind.Knock, alice, bob, 0, ""), alice, bob));
        Assert.Equal(SignalRejection.Flooded, e.Rejection);

        time.Advance(SignalSeal.MaxAge + SignalSeal.MaxFutureSkew);
        receiver.Open(sender.Seal(SignalKind.Knock, alice, bob, 0, ""), alice, bob);
    }
}
