using P2PClinic.Cli.Commands.Events;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Tests.Time;

/// <summary>How event times typed on the command line become the calendar API's wall-clock and date forms.</summary>
public sealed class EventScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void PointWritesAnExactInstantAsTheWallClockOfTheEventsZone()
    {
        var timed = new EventSchedule(allDay: false, Paris, Now);

        Assert.Equal("2026-12-01T09:00:00", timed.Point("--start", "2026-12-01T08:00Z"));
        Assert.Equal("2026-11-30T14:00:00", timed.Point("--start", "+1h"));
        Assert.Equal("2026-12-01T09:00:00", timed.Point("--start", "2026-12-01 09:00"));
    }

    [Fact]
    public void PointRefusesADateForATimedEventAndATimeForAnAllDayOne()
    {
        var dateForTimed = Assert.Throws<CliException>(() => new EventSchedule(false, Paris, Now).Point("--start", "2026-12-01"));
        var timeForAllDay = Assert.Throws<CliException>(() => new EventSchedule(true, Paris, Now).Point("--exdate", "2026-12-01 09:00"));

        Assert.Equal(ExitCodes.Usage, dateForTimed.ExitCode);
        Assert.StartsWith("--start: '2026-12-01' is a date; give a time", dateForTimed.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, timeForAllDay.ExitCode);
        Assert.StartsWith("--exdate: an all-day event takes a date", timeForAllDay.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndAfterCountsDaysOnTheCalendarAndHoursOnTheClockAcrossDaylightSaving()
    {
        var timed = new EventSchedule(false, Paris, Now);

        // A day after 09:00 is 09:00, although that day has 23 hours in Paris.
        Assert.Equal("2027-03-28T09:00:00", timed.EndAfter("--duration", "2027-03-27T09:00:00", TimeSpan.FromDays(1)));
        // An hour after 01:30 on that morning is 03:30: 02:00 to 03:00 never happens.
        Assert.Equal("2027-03-28T03:30:00", timed.EndAfter("--duration", "2027-03-28T01:30:00", TimeSpan.FromHours(1)));
        Assert.Equal("2026-12-01T10:30:00", timed.EndAfter("--duration", "2026-12-01T09:00:00", new TimeSpan(1, 30, 0)));
    }

    [Fact]
    public void EndAfterOfAnAllDayEventTakesWholeDaysOnly()
    {
        var allDay = new EventSchedule(true, Paris, Now);

        var partial = Assert.Throws<CliException>(() => allDay.EndAfter("--duration", "2026-12-24", TimeSpan.FromHours(36)));

        Assert.Equal("2026-12-27", allDay.EndAfter("--duration", "2026-12-24", TimeSpan.FromDays(3)));
        Assert.Equal(ExitCodes.Usage, partial.ExitCode);
        Assert.StartsWith("--duration: an all-day event lasts whole days", partial.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepLengthMovesTheEndWithTheStart()
    {
        Assert.Equal("2026-12-08T11:30:00", new EventSchedule(false, Paris, Now).KeepLength("2026-12-07T09:00:00", "2026-12-07T10:30:00", "2026-12-08T10:00:00"));
        Assert.Equal("2026-12-27", new EventSchedule(true, Paris, Now).KeepLength("2026-12-20", "2026-12-23", "2026-12-24"));
        Assert.Null(new EventSchedule(false, Paris, Now).KeepLength("2026-12-07T09:00:00", "", "2026-12-08T10:00:00"));
    }
}
