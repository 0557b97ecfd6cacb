using System.Net;
using P2PClinic.Signaling.Internal.Model;

namespace P2PClinic.Signaling.Tests;

public sealed class ShareCodeTests
{
    [Fact]
    public void Alphabet_HasNoLookAlikes()
    {
        foreach (var lookAlike in "01OIL")
        {
            Assert.DoesNotContain(lookAlike, ShareCode.Alphabet);
        }

        Assert.Equal(31, ShareCode.Alphabet.Distinct().Count());
    }

    [Fact]
    public void NewRandom_UsesOnlyTheAlphabet_AndDoesNotRepeat()
    {
        var codes = Enumerable.Range(0, 2000).Select(_ => ShareCode.NewRandom()).ToList();

        Assert.All(codes, c => Assert.True(c.Value.Length == 8 && c.Value.All(ShareCode.Alphabet.Contains)));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // Every symbol shows up: a generator stuck on part of the alphabet would fail here.
        Assert.Equal(ShareCode.Alphabet.Order(), codes.SelectMany(c => c.Value).Distinct().Order());
    }

    [Theory]
    [InlineData("ABCD-2345", "ABCD2345")]
    [InlineData("abcd-2345", "ABCD2345")]
    [InlineData("abcd2345", "ABCD2345")]
    [InlineData("  wxyz-9876  ", "WXYZ9876")]
    public void TryParse_AcceptsTheWaysPeopleTypeIt(string typed, string canonical)
    {
        Assert.True(ShareCode.TryParse(typed, out var code));
        Assert.Equal(canonical, code.Value);
        Assert.Equal(canonical[..4] + "-" + canonical[4..], code.Display);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ABCD-234")]
    [InlineData("ABCD23456")]
    [InlineData("ABC-D2345")]
    [InlineData("ABCD-2345-")]
    [InlineData("-ABCD2345")]
    [InlineData("ABCD-0000")]
    public void TryParse_RejectsAnythingElse(string? typed) => Assert.False(ShareCode.TryParse(typed, out _));

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    public void ClientPartition_CountsIPv4PerAddressAndIPv6PerSlash64(string address, string partition) =>
        Assert.Equal(partition, ClientPartition.Of(IPAddress.Parse(address)));
}
