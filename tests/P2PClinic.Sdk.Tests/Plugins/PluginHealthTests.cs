using Microsoft.Extensions.Configuration;

namespace P2PClinic.Sdk.Tests.Plugins;

/// <summary>What a plugin reports about itself through <see cref="PluginContext.Health"/>.</summary>
public sealed class PluginHealthTests
{
    [Fact]
    public void ANewContextReportsNothingWrong()
    {
        Assert.Null(Context().Health.DegradedReason);
    }

    [Fact]
    public void DegradedKeepsTheLatestReasonTrimmedAndHealthyClearsIt()
    {
        var health = Context().Health;

        health.ReportDegraded("no server");
        health.ReportDegraded("  no signaling server is configured  ");
        var degraded = health.DegradedReason;
        health.ReportHealthy();

        Assert.Equal("no signaling server is configured", degraded);
        Assert.Null(health.DegradedReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void ABlankReasonIsRefusedAndChangesNothing(string reason)
    {
        var health = Context().Health;
        health.ReportDegraded("kept");

        Assert.ThrowsAny<ArgumentException>(() => health.ReportDegraded(reason));
        Assert.Equal("kept", health.DegradedReason);
    }

    private static PluginContext Context() =>
        new("test.plugin", "1.0.0", "/plugins/test", "0.1.0", new ConfigurationBuilder().Build(), "/data/plugins/test.plugin");
}
