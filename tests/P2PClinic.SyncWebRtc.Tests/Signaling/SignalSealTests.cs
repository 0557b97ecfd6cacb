using Microsoft.Extensions.Time.Testing;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

public sealed class SignalSealTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 AB:CD\r\na=candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host\r\n";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly string alice = PeerId.New();
    private readonly string bob = PeerId.New();
    private readonly string carol = PeerId.New();

    private SignalSeal Room(string roomId = "room-1") => new(RoomSecrets.Derive(roomId), time);

    [Fact]
    public void SealThenOpen_GivesBackEverythingThatWasSealed()
    {
        var blob = Room().Seal(SignalKind.Offer, alice, bob, 0xDEADBEEF_01020304, Sdp);

        var signal = Room().Open(blob, alice, bob);

        Assert.Equal(new Signal(SignalKind.Offer, alice, bob, time.GetUtcNow(), 0xDEADBEEF_01020304, Sdp), signal);
    }

    [Fact]
    public void Seal_HidesTheSdpFromTheServer()
    {
        var blob = Room().Seal(SignalKind.Answer, alice, bob, 1, Sdp);

        var text = System.Text.Encoding.Latin1.GetString(blob);
        Assert.DoesNotContain("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("fingerprint", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_UsesAFreshNonceEachTime()
    {
        var seal = Room();

        Assert.NotEqual(seal.Seal(SignalKind.Offer, alice, bob, 1, Sdp), seal.Seal(SignalKind.Offer, alice, bob, 1, Sdp));
    }

    [Fact]
    public void Open_UnderAnotherRoomsKey_IsNotAuthentic()
    {
        var blob = Room("room-1").Seal(SignalKind.Offer, alice, bob, 1, Sdp);

        var e = Assert.Throws<SignalRejectedException>(() => Room("room-2").Open(blob, alice, bob));

        Assert.Equal(SignalRejection.NotAuthentic, e.Rejection);
    }

    [Fact]
    public void Open_AnyAlteredByte_IsNotAuthentic()
    {
        var blob = Room().Seal(SignalKind.Offer, alice, bob, 1, Sdp);

        // Every byte after the version: nonce, ciphertext, tag.
        for (var i = 1; i < blob.Length; i++)
        {
            var tampered = (byte[])blob.Clone();
            tampered[i] ^= 0x01;
            var e = Assert.Throws<SignalRejectedException>(() => Room().Open(tampered, alice, bob));
            Assert.Equal(SignalRejection.NotAuthentic, e.Rejection);
        }
    }

    [Fact]
    public void Open_RedirectedToAnotherPeer_IsRejected()
    {
        // The server (or anyone) posts Bob's offer into Carol's mailbox.
        var blob = Room().Seal(SignalKind.Offer, alice, bob, 1, Sdp);

        var e = Assert.Throws<SignalRejectedException>(() => Room().Open(blob, alice, carol));

        Assert.Equal(SignalRejection.WrongRecipient, e.Rejection);
    }

    [Fact]
    public void Open_PostedAsFromAnotherPeer_IsRejected()
    {
        var blob = Room().Seal(SignalKind.Offer, alice, bob, 1, Sdp);

        var e = Assert.Throws<SignalRejectedException>(() => Room().Open(blob, carol, bob));

        Assert.Equal(SignalRejection.WrongSender, e.Rejection);
    }

    [Fact]
    public void Open_TheSameBlobTwice_RejectsTheReplay()
    {
        var seal = Room();
        var blob = seal.Seal(SignalKind.Offer, alice, bob, 1, Sdp);
        seal.Open(blob, alice, bob);
        time.Advance(TimeSpan.FromMinutes(2));

        var e = Assert.Throws<SignalRejectedException>(() => seal.Open(blob, alice, bob));

        Assert.Equal(SignalRejection.Replayed, e.Rejection);
    }

    [Fact]
    public void Open_AnOldBlob_IsStale()
    {
        var blob = Room().Seal(SignalKind.Offer, alice, bob, 1, Sdp);
        time.Advance(SignalSeal.MaxAge + TimeSpan.FromSeconds(1));

        var e = Assert.Throws<SignalRejectedException>(() => Room().Open(blob, alice, bob));

        Assert.Equal(SignalRejection.Stale, e.Rejection);
    }

    [Fact]
    public void Open_ABlobFromTooFarInTheFuture_IsStale()
    {
        var future = new SignalSeal(RoomSecrets.Derive("room-1"), new FakeTimeProvider(time.GetUtcNow() + SignalSeal.MaxFutureSkew + TimeSpan.FromSeconds(1)));
        var blob = future.Seal(SignalKind.Offer, alice, bob, 1, Sdp);

        var e = Assert.Throws<SignalRejectedException>(() => Room().Open(blob, alice, bob));

        Assert.Equal(SignalRejection.Stale, e.Rejection);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    public void Open_TooShort_IsMalformed(int length)
    {
        var e = Assert.Throws<SignalRejectedException>(() => Room().Open(new byte[length], alice, bob));

        Assert.Equal(SignalRejection.Malformed, e.Rejection);
    }

    [Fact]
    public void Open_UnknownVersion_IsMalformed()
    {
        var blob = Room().Seal(SignalKind.Offer, alice, bob, 1, Sdp);
        blob[0] = 2;

        var e = Assert.Throws<SignalRejectedException>(() => Room().Open(blob, alice, bob));

        Assert.Equal(SignalRejection.Malformed, e.Rejection);
    }

    [Fact]
    public void Seal_AsLargeAsASignalMayBe_FitsTheServersLimit_AndOneByteMoreIsRefused()
    {
        var largest = new string('a', SignalSeal.MaxSdpBytes);

        var blob = Room().Seal(SignalKind.Offer, alice, bob, 1, largest);

        Assert.Equal(SignalSeal.MaxSignalBytes, blob.Length);
        Assert.Equal(largest, Room().Open(blob, alice, bob).Sdp);
        Assert.Throws<ArgumentException>(() => Room().Seal(SignalKind.Offer, alice, bob, 1, largest + "a"));
    }

    [Fact]
    public void Seal_WithAMalformedPeerId_Throws() =>
        Assert.Throws<ArgumentException>(() => Room().Seal(SignalKind.Offer, "not-a-peer-id", bob, 1, Sdp));
}
