using Grpc.Core;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Web.Components.Orgs;
using P2PClinic.Web.Components.Sharing;

namespace P2PClinic.Web.Tests;

/// <summary>The password meter and what the join says, stage by stage and failure by failure.</summary>
public sealed class SharingModelTests
{
    private static readonly Uri Node = new("http://127.0.0.1:5080");

    [Theory]
    [InlineData("", 0)]
    [InlineData("abc1234", 0)]
    [InlineData("abcdefgh", 1)]
    [InlineData("Abcdefg1", 2)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaa", 1)]
    [InlineData("correct horse", 3)]
    [InlineData("correct horse battery staple", 4)]
    public void PasswordStrengthPutsLengthFirst(string password, int score) =>
        Assert.Equal(score, PasswordStrength.Score(password));

    [Fact]
    public void PasswordStrengthAdviceRefusesUnder8AndRecommends12()
    {
        Assert.StartsWith("At least 8 characters are needed (5 so far)", PasswordStrength.Advice("short"), StringComparison.Ordinal);
        Assert.Contains("12 or more characters are recommended", PasswordStrength.Advice("abcd1234"), StringComparison.Ordinal);
        Assert.Equal("", PasswordStrength.Advice("correct horse battery staple"));
    }

    [Theory]
    [InlineData("", "Enter the share code")]
    [InlineData("ABCD-EFG", "this one has 7")]
    [InlineData("ABCD_EFGH", "like ABCD-EFGH")]
    public void JoinMessagesChecksTheCodeBeforeCallingTheNode(string code, string expected) =>
        Assert.Contains(expected, JoinMessages.CheckInput(code, "correct horse battery staple"), StringComparison.Ordinal);

    [Fact]
    public void JoinMessagesAcceptsACodeInAnyCaseWithOrWithoutTheDash()
    {
        Assert.Null(JoinMessages.CheckInput("abcd-efgh", "correct horse battery staple"));
        Assert.Null(JoinMessages.CheckInput(" ABCDEFGH ", "correct horse battery staple"));
        Assert.Contains("at least 8 characters", JoinMessages.CheckInput("ABCD-EFGH", "short"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(StatusCode.NotFound, "unknown, expired")]
    [InlineData(StatusCode.PermissionDenied, "refused the password")]
    [InlineData(StatusCode.AlreadyExists, "holds that org already")]
    [InlineData(StatusCode.ResourceExhausted, "Wait a few minutes")]
    [InlineData(StatusCode.Unavailable, "does not answer")]
    public void JoinMessagesTurnsEachRefusalIntoASentence(StatusCode status, string expected)
    {
        var message = JoinMessages.Describe(new RpcException(new Status(status, "detail for developers")), Node);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("RpcException", message, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinMessagesWaitingForAMemberSaysTheOrgIsKeptAndSyncsLater()
    {
        var waiting = JoinMessages.Describe(new JoinProgress { Stage = JoinStage.WaitingForMember, OrgName = "Clinic" });

        Assert.Equal("Joined 'Clinic', but no member is online yet: it will check the password and sync when one comes online.", waiting);
    }
}
