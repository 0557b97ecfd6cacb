using P2PClinic.Sdk.Transport;

namespace P2PClinic.SyncWebRtc.Tests.Transport;

public sealed class ChannelBindingTests
{
    [Fact]
    public void Bindings_AreEqualByBothFingerprints_InOrder()
    {
        var binding = new ChannelBinding("sha-256 AA", "sha-256 BB");

        Assert.Equal(new ChannelBinding("sha-256 AA", "sha-256 BB"), binding);
        Assert.Equal(new ChannelBinding("sha-256 AA", "sha-256 BB").GetHashCode(), binding.GetHashCode());
        Assert.NotEqual(new ChannelBinding("sha-256 BB", "sha-256 AA"), binding);
    }

    [Theory]
    [InlineData("", "sha-256 BB")]
    [InlineData("sha-256 AA", " ")]
    public void ABlankFingerprint_IsRefused(string local, string remote) =>
        Assert.ThrowsAny<ArgumentException>(() => new ChannelBinding(local, remote));

    [Fact]
    public void APeerLinkClosedException_SaysWhyTheLinkEnded()
    {
        var e = new PeerLinkClosedException(new PeerLinkClosure(PeerLinkCloseReason.PeerUnreachable, "consent expired"));

        Assert.Contains("PeerUnreachable: consent expired", e.Message, StringComparison.Ordinal);
    }
}
