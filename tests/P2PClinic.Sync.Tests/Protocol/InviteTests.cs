using System.Text;
using P2PClinic.Sync.Invites;
using P2PClinic.Sync.Keys;

namespace P2PClinic.Sync.Tests.Protocol;

public sealed class InviteTests
{
    private static readonly byte[] Salt = new byte[16];
    private static readonly byte[] Nonce = new byte[12];

    [Theory]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData("  ABCDEFGH ", "ABCDEFGH")]
    [InlineData("Z2Z3-4567", "Z2Z34567")]
    public void ShareCode_IsReadInAnyCaseWithOrWithoutTheDash(string typed, string normalized) =>
        Assert.Equal(normalized, ShareCode.Normalize(typed));

    [Theory]
    [InlineData("ABCD-EFG")]
    [InlineData("ABCD-EFGO")]
    [InlineData("ABCD-EFG1")]
    [InlineData("ABCDEFGHJ")]
    [InlineData("")]
    public void ShareCode_ThatCannotBeOne_IsRefused(string typed) =>
        Assert.Throws<ArgumentException>(() => ShareCode.Normalize(typed));

    [Fact]
    public void AnInviteAskingForFewerIterationsThanTheFloor_IsRefused()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"v":1,"roomId":"r","orgId":"{{Guid.NewGuid():N}}","iterations":99999,"name":"A","color":"#000000"}""");
        var blob = InviteSeal.Seal(json, "ABCDEFGH", InviteSeal.MinIterations, Salt, Nonce);
        var e = Assert.Throws<InviteException>(() => InviteSeal.Open(blob, "ABCDEFGH"));
        Assert.Equal(InviteFailure.Malformed, e.Failure);
        Assert.Contains("99999", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInviteOfALaterVersion_SaysToUpdate()
    {
        var json = Encoding.UTF8.GetBytes($$"""{"v":2,"roomId":"r","orgId":"{{Guid.NewGuid():N}}","iterations":600000,"name":"A","color":"#000000"}""");
        var e = Assert.Throws<InviteException>(() => InviteSeal.Open(InviteSeal.Seal(json, "ABCDEFGH", InviteSeal.MinIterations, Salt, Nonce), "ABCDEFGH"));
        Assert.Equal(InviteFailure.UnsupportedVersion, e.Failure);
    }

    [Fact]
    public void ABlobSealedWithFewerIterationsThanTheFloor_IsNotEvenTried()
    {
        var json = Encoding.UTF8.GetBytes("{}");
        var blob = InviteSeal.Seal(json, "ABCDEFGH", InviteSeal.MinIterations, Salt, Nonce);
        blob[1] = 0; blob[2] = 0; blob[3] = 0; blob[4] = 1;
        Assert.Equal(InviteFailure.Malformed, Assert.Throws<InviteException>(() => InviteSeal.Open(blob, "ABCDEFGH")).Failure);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(40)]
    public void ADamagedBlob_IsRefused(int at)
    {
        var payload = new InvitePayload(1, Guid.NewGuid().ToString(), Guid.NewGuid(), OrgKeys.DefaultIterations, "Acme", "#112233");
        var blob = InviteSeal.Seal(payload.ToJson(), "ABCDEFGH", InviteSeal.MinIterations, Salt, Nonce);
        blob[at] ^= 0x40;
        Assert.Throws<InviteException>(() => InviteSeal.Open(blob, "ABCDEFGH"));
    }

    [Fact]
    public void OrgKeys_BelowTheIterationFloor_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => OrgKeys.Derive("password123", Guid.NewGuid(), 99_999));

    [Theory]
    [InlineData("short")]
    [InlineData("1234567")]
    public void APasswordUnderEightCharacters_IsRefused(string password) =>
        Assert.Throws<ArgumentException>(() => PasswordPolicy.Check(password));
}
