using Microsoft.Extensions.Configuration;

namespace P2PClinic.Sdk.Tests.Plugins;

/// <summary>What a plugin reports about itself through <see cref="PluginContext.Health"/>.</summary>
public sealed class PluginHealthTests
{
    [Fact]
    public void A_new_context_reports_nothing_wrong()
    {
        Assert.Null(Context().Health.DegradedReason);
    }

    [Fact]
    public void Degraded_keeps_the_latest_reason_trimmed_and_healthy_clears_it()
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
    public void A_blank_reason_is_refused_and_changes_nothing(string reason)
    {
        var health = Context().Health;
        health.ReportDegraded("kept");

        Assert.ThrowsAny<ArgumentException>(() => health.ReportDegraded(reason));
        Assert.Equal("kept", health.DegradedReason);
    }

    private static PluginContext Context() =>
        new("test.plugin", "1.0.0", "/plugins/test", "0.1.0", new ConfigurationBuilder().Build(), "/data/plugins/test.plugin");
}
