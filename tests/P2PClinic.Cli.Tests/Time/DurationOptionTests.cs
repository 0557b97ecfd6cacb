using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Tests.Time;

/// <summary>Lengths of time: <c>--duration</c>, <c>--before</c>, <c>--for</c>.</summary>
public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("15m", 0, 0, 15, 0)]
    [InlineData("1h", 0, 1, 0, 0)]
    [InlineData("2d", 2, 0, 0, 0)]
    [InlineData("1h30m", 0, 1, 30, 0)]
    [InlineData("1w2d", 9, 0, 0, 0)]
    [InlineData("90s", 0, 0, 1, 30)]
    [InlineData("0m", 0, 0, 0, 0)]
    [InlineData(" 1D12H ", 1, 12, 0, 0)]
    public void ParseReadsNumbersWithUnitsLargestFirst(string text, int days, int hours, int minutes, int seconds)
    {
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds), DurationOption.Parse("--before", text));
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("15", "'15' has no unit")]
    [InlineData("15x", "unknown unit 'x'")]
    [InlineData("m", "expected a number at 'm'")]
    [InlineData("-5m", "expected a number at '-5m'")]
    [InlineData("30m1h", "'h' comes twice or after a smaller unit")]
    [InlineData("1m1m", "'m' comes twice or after a smaller unit")]
    [InlineData("1.5h", "unknown unit '.'")]
    [InlineData("999999999999999999999d", "it is too long")]
    [InlineData("4000d", "it is too long")]
    public void ParseRefusesAMalformedLengthSayingWhy(string text, string why)
    {
        var error = Assert.Throws<CliException>(() => DurationOption.Parse("--before", text));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal($"--before: cannot read '{text}' as a length of time ({why}); use a number and a unit w, d, h, m or s, e.g. 15m, 1h30m, 2d", error.Message);
    }

    [Theory]
    [InlineData("15m")]
    [InlineData("1h30m")]
    [InlineData("2d")]
    [InlineData("1w1d1h1m1s")]
    [InlineData("0m")]
    public void FormatWritesWhatParseReads(string text)
    {
        Assert.Equal(text, DurationOption.Format(DurationOption.Parse("--for", text)));
    }
}
