using P2PClinic.Plugins.SyncWebRtc.Internal.Rooms;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

public sealed class ReconnectBackoffTests
{
    private static void AssertAround(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual, expected * 0.8, expected * 1.2);

    [Fact]
    public void FirstTry_IsImmediate_ThenTheDelayDoublesUpToTheMaximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.Zero, backoff.Next());
        foreach (var seconds in new[] { 1, 2, 4, 8, 16, 30, 30 })
        {
            AssertAround(TimeSpan.FromSeconds(seconds), backoff.Next());
        }
    }

    [Fact]
    public void AfterALinkWasLost_ItStartsOverAtTheFirstDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        for (var i = 0; i < 6; i++)
        {
            backoff.Next();
        }

        backoff.AfterLinkLost();

        AssertAround(TimeSpan.FromSeconds(1), backoff.Next());
        AssertAround(TimeSpan.FromSeconds(2), backoff.Next());
    }

    [Fact]
    public void Delays_AreJittered_SoPeersDoNotRetryInLockstep()
    {
        var delays = Enumerable.Range(0, 20).Select(_ =>
        {
            var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));
            backoff.Next();
            return backoff.Next();
        }).ToHashSet();

        Assert.True(delays.Count > 1, "20 draws gave one delay");
    }
}
