using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Tests.Time;

/// <summary>The time forms the event and reminder options accept (documented in frontends/cli/README.md).</summary>
public sealed class TimeOptionTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    // 23:30 UTC is already the next day in Paris: "today" must be the zone's day, not UTC's.
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 23, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-12-01 09:00", "2026-12-01T09:00:00")]
    [InlineData("2026-12-01T09:00", "2026-12-01T09:00:00")]
    [InlineData("2026-12-01 09:00:30", "2026-12-01T09:00:30")]
    [InlineData("  2026-12-01T09:00:30  ", "2026-12-01T09:00:30")]
    [InlineData("09:00", "2026-12-01T09:00:00")]
    [InlineData("7:05", "2026-12-01T07:05:00")]
    [InlineData("tomorrow 09:00", "2026-12-02T09:00:00")]
    [InlineData("Yesterday 18:30", "2026-11-30T18:30:00")]
    public void ParseWallClockFormsGivesAWallClockTimeInTheZone(string text, string expected)
    {
        var time = Assert.IsType<CommandTime.WallClock>(TimeOption.Parse("--start", text, Now, Paris));

        Assert.Equal(expected, WallClock.FormatDateTime(time.Local));
    }

    [Theory]
    [InlineData("2026-12-01", "2026-12-01")]
    [InlineData("today", "2026-12-01")]
    [InlineData("TOMORROW", "2026-12-02")]
    [InlineData("yesterday", "2026-11-30")]
    public void ParseDateFormsGivesADate(string text, string expected)
    {
        var time = Assert.IsType<CommandTime.Date>(TimeOption.Parse("--start", text, Now, Paris));

        Assert.Equal(expected, WallClock.FormatDate(time.Value));
    }

    [Theory]
    [InlineData("2026-12-01T09:00+01:00", "2026-12-01T08:00:00Z")]
    [InlineData("2026-12-01T08:00Z", "2026-12-01T08:00:00Z")]
    [InlineData("2026-12-01 09:00:00-05:00", "2026-12-01T14:00:00Z")]
    [InlineData("2026-12-01T09:00:00.5+01:00", "2026-12-01T08:00:00.5Z")]
    [InlineData("now", "2026-11-30T23:30:00Z")]
    [InlineData("+15m", "2026-11-30T23:45:00Z")]
    [InlineData("+1h30m", "2026-12-01T01:00:00Z")]
    public void ParseExactFormsGivesAnInstant(string text, string expectedUtc)
    {
        var time = Assert.IsType<CommandTime.Instant>(TimeOption.Parse("--at", text, Now, Paris));

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), time.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("2026-13-01")]
    [InlineData("2026-12-01 25:00")]
    [InlineData("12/01/2026")]
    [InlineData("tomorrow at nine")]
    [InlineData("+")]
    [InlineData("+15x")]
    public void ParseRefusesAnythingElseAsAUsageErrorNamingTheOption(string text)
    {
        var error = Assert.Throws<CliException>(() => TimeOption.Parse("--from", text, Now, Paris));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.StartsWith("--from: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADateAsAnInstantIsMidnightInTheZone()
    {
        var time = TimeOption.Parse("--from", "2026-12-01", Now, Paris);

        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.FromHours(1)), time.ToInstant(Paris));
    }
}
