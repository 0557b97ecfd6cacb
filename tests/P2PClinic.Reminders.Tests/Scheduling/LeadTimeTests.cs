extern alias RemindersPlugin;
using RemindersPlugin::P2PClinic.Plugins.Reminders.Internal.Scheduling;

namespace P2PClinic.Reminders.Tests.Scheduling;

/// <summary>RFC 5545 section 3.3.6: whole days of a lead are calendar days in the event's zone, the rest exact time.</summary>
public sealed class LeadTimeTests
{
    [Fact]
    public void MinutesLead_IsExactTime_EvenRightAfterADaylightSavingChange()
    {
        // 03:10 in Paris on 29 March 2026 is 01:10Z, ten minutes after the clocks jumped from 02:00 to 03:00.
        var start = new DateTimeOffset(2026, 3, 29, 1, 10, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 0, 50, 0, TimeSpan.Zero), LeadTime.DueTime(start, "Europe/Paris", TimeSpan.FromMinutes(20)));
    }

    [Fact]
    public void DayLead_BackAcrossTheAutumnChange_Is25RealHours()
    {
        // 09:00 Paris on Monday 26 October 2026 is 08:00Z; on Sunday the 25th (after 03:00 summer time ended) too.
        var start = new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 8, 0, 0, TimeSpan.Zero), LeadTime.DueTime(start, "Europe/Paris", TimeSpan.FromDays(1)));

        // Saturday the 24th is still summer time: 09:00 is 07:00Z, 49 real hours before.
        Assert.Equal(new DateTimeOffset(2026, 10, 24, 7, 0, 0, TimeSpan.Zero), LeadTime.DueTime(start, "Europe/Paris", TimeSpan.FromDays(2)));
    }

    [Fact]
    public void DayAndMinutesLead_DaysByTheCalendar_ThenTheMinutes()
    {
        var start = new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero); // Monday 09:00 Paris (summer)
        var lead = TimeSpan.FromDays(2) + TimeSpan.FromMinutes(30);

        // Saturday 09:00 Paris (winter) is 08:00Z; half an hour before is 07:30Z.
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 7, 30, 0, TimeSpan.Zero), LeadTime.DueTime(start, "Europe/Paris", lead));
    }

    [Fact]
    public void DayLead_LandingInTheSpringGap_UsesTheOffsetBeforeTheGap()
    {
        // 02:30 on 30 March 2026 Paris (summer: 00:30Z); a day before, 02:30 on the 29th does not exist: it is read
        // with the winter offset (+01:00), i.e. 01:30Z, which the clocks show as 03:30.
        var start = new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), LeadTime.DueTime(start, "Europe/Paris", TimeSpan.FromDays(1)));
    }

    [Fact]
    public void DayLead_LandingInTheAutumnOverlap_TakesTheFirstOfTheTwo()
    {
        // 02:30 on 26 October 2026 Paris (winter: 01:30Z); a day before, 02:30 happens twice: first at 00:30Z.
        var start = new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), LeadTime.DueTime(start, "Europe/Paris", TimeSpan.FromDays(1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus")]
    public void NoOrUnknownZone_DaysAreExact(string? zone)
    {
        var start = new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero);
        Assert.Equal(start - TimeSpan.FromDays(1), LeadTime.DueTime(start, zone, TimeSpan.FromDays(1)));
    }
}
