using P2PClinic.Cli.Commands.Events;
using P2PClinic.Cli.Internal;

namespace P2PClinic.Cli.Tests.Time;

/// <summary>How event times typed on the command line become the calendar API's wall-clock and date forms.</summary>
public sealed class EventScheduleTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Point_writes_an_exact_instant_as_the_wall_clock_of_the_events_zone()
    {
        var timed = new EventSchedule(allDay: false, Paris, Now);

        Assert.Equal("2026-12-01T09:00:00", timed.Point("--start", "2026-12-01T08:00Z"));
        Assert.Equal("2026-11-30T14:00:00", timed.Point("--start", "+1h"));
        Assert.Equal("2026-12-01T09:00:00", timed.Point("--start", "2026-12-01 09:00"));
    }

    [Fact]
    public void Point_refuses_a_date_for_a_timed_event_and_a_time_for_an_all_day_one()
    {
        var dateForTimed = Assert.Throws<CliException>(() => new EventSchedule(false, Paris, Now).Point("--start", "2026-12-01"));
        var timeForAllDay = Assert.Throws<CliException>(() => new EventSchedule(true, Paris, Now).Point("--exdate", "2026-12-01 09:00"));

        Assert.Equal(ExitCodes.Usage, dateForTimed.ExitCode);
        Assert.StartsWith("--start: '2026-12-01' is a date; give a time", dateForTimed.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, timeForAllDay.ExitCode);
        Assert.StartsWith("--exdate: an all-day event takes a date", timeForAllDay.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndAfter_counts_days_on_the_calendar_and_hours_on_the_clock_across_daylight_saving()
    {
        var timed = new EventSchedule(false, Paris, Now);

        // A day after 09:00 is 09:00, although that day has 23 hours in Paris.
        Assert.Equal("2027-03-28T09:00:00", timed.EndAfter("--duration", "2027-03-27T09:00:00", TimeSpan.FromDays(1)));
        // An hour after 01:30 on that morning is 03:30: 02:00 to 03:00 never happens.
        Assert.Equal("2027-03-28T03:30:00", timed.EndAfter("--duration", "2027-03-28T01:30:00", TimeSpan.FromHours(1)));
        Assert.Equal("2026-12-01T10:30:00", timed.EndAfter("--duration", "2026-12-01T09:00:00", new TimeSpan(1, 30, 0)));
    }

    [Fact]
    public void EndAfter_of_an_all_day_event_takes_whole_days_only()
    {
        var allDay = new EventSchedule(true, Paris, Now);

        var partial = Assert.Throws<CliException>(() => allDay.EndAfter("--duration", "2026-12-24", TimeSpan.FromHours(36)));

        Assert.Equal("2026-12-27", allDay.EndAfter("--duration", "2026-12-24", TimeSpan.FromDays(3)));
        Assert.Equal(ExitCodes.Usage, partial.ExitCode);
        Assert.StartsWith("--duration: an all-day event lasts whole days", partial.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepLength_moves_the_end_with_the_start()
    {
        Assert.Equal("2026-12-08T11:30:00", new EventSchedule(false, Paris, Now).KeepLength("2026-12-07T09:00:00", "2026-12-07T10:30:00", "2026-12-08T10:00:00"));
        Assert.Equal("2026-12-27", new EventSchedule(true, Paris, Now).KeepLength("2026-12-20", "2026-12-23", "2026-12-24"));
        Assert.Null(new EventSchedule(false, Paris, Now).KeepLength("2026-12-07T09:00:00", "", "2026-12-08T10:00:00"));
    }
}
