using P2PClinic.Cli.Commands.Time;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Tests.Time;

/// <summary><c>--tz</c>, and wall-clock times across daylight-saving changes (RFC 5545 section 3.3.5).</summary>
public sealed class ZoneOptionTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public void PinReadsAnOrdinaryTimeWithTheOffsetInForce()
    {
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(2)), ZoneOption.Pin(new DateTime(2026, 7, 1, 9, 0, 0), Paris));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)), ZoneOption.Pin(new DateTime(2026, 12, 1, 9, 0, 0), Paris));
    }

    [Fact]
    public void PinReadsATimeInTheSpringGapWithTheOffsetBeforeIt()
    {
        // 2027-03-28 02:30 never happens in Paris (02:00 jumps to 03:00); read at +01:00 it is 01:30 UTC, shown as 03:30.
        var pinned = ZoneOption.Pin(new DateTime(2027, 3, 28, 2, 30, 0), Paris);

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), pinned);
        Assert.Equal(TimeSpan.FromHours(2), pinned.Offset);
    }

    [Fact]
    public void PinReadsATimeThatHappensTwiceInAutumnAsTheFirst()
    {
        // 2027-10-31 02:30 happens at +02:00 and again at +01:00.
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), ZoneOption.Pin(new DateTime(2027, 10, 31, 2, 30, 0), Paris));
    }

    [Fact]
    public void ResolveTakesAnIanaNameOrTranslatesAWindowsName()
    {
        Assert.Equal("Europe/Paris", ZoneOption.IanaName(ZoneOption.Resolve("--tz", "Europe/Paris")));
        Assert.Equal("Europe/Berlin", ZoneOption.IanaName(ZoneOption.Resolve("--tz", "W. Europe Standard Time")));
    }

    [Fact]
    public void ResolveRefusesAnUnknownZoneAsAUsageError()
    {
        var error = Assert.Throws<CliException>(() => ZoneOption.Resolve("--tz", "Mars/Olympus"));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("--tz: unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Paris or America/New_York)", error.Message);
    }

    [Fact]
    public void WithoutTzTheMachineZoneIsUsedWhenItHasAnIanaNameAndRefusedWhenNot()
    {
        var named = ZoneOption.Resolve("--tz", null, Paris);
        var custom = TimeZoneInfo.CreateCustomTimeZone("Clinic local", TimeSpan.FromHours(3), "Clinic local", "Clinic local");

        var error = Assert.Throws<CliException>(() => ZoneOption.Resolve("--tz", null, custom));

        Assert.Same(Paris, named);
        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Equal("--tz: this machine's time zone 'Clinic local' has no IANA name; give one, e.g. --tz Europe/Paris", error.Message);
    }
}
