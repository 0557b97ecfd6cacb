using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using P2PClinic.Plugins.SyncWebRtc.Internal.Signaling;

namespace P2PClinic.SyncWebRtc.Tests.Signaling;

public sealed class RoomSecretsTests
{
    [Fact]
    public void Token_IsTheUnpaddedBase64UrlOfTheDomainSeparatedSha256OfTheRoomId()
    {
        var expected = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes("p2pclinic/room-token/v1" + "clinic-room-1")));

        var secrets = RoomSecrets.Derive("clinic-room-1");

        Assert.Equal(expected, secrets.Token);
        Assert.Equal(43, secrets.Token.Length);
        Assert.DoesNotContain('=', secrets.Token);
    }

    [Fact]
    public void SealKey_IsHkdfSha256OfTheRoomId_AndUnrelatedToTheToken()
    {
        var id = Encoding.UTF8.GetBytes("clinic-room-1");
        var expected = HKDF.DeriveKey(HashAlgorithmName.SHA256, id, 32, "p2pclinic/signal-seal/salt/v1"u8.ToArray(), "p2pclinic/signal-seal/v1"u8.ToArray());

        var secrets = RoomSecrets.Derive("clinic-room-1");

        Assert.Equal(expected, secrets.SealKey);
        Assert.NotEqual(Base64Url.DecodeFromChars(secrets.Token), secrets.SealKey);
        Assert.NotEqual(SHA256.HashData(id), secrets.SealKey);
    }

    [Fact]
    public void Derive_IsDeterministicPerRoom_AndDiffersBetweenRooms()
    {
        var a1 = RoomSecrets.Derive("room-a");
        var a2 = RoomSecrets.Derive("room-a");
        var b = RoomSecrets.Derive("room-b");

        Assert.Equal(a1.Token, a2.Token);
        Assert.Equal(a1.SealKey, a2.SealKey);
        Assert.NotEqual(a1.Token, b.Token);
        Assert.NotEqual(a1.SealKey, b.SealKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Derive_BlankRoomId_Throws(string roomId) => Assert.ThrowsAny<ArgumentException>(() => RoomSecrets.Derive(roomId));
}
