using Ical.Net;
using Ical.Net.DataTypes;

namespace P2PClinic.Plugins.Calendar.Internal.Recurrence;

/// <summary>
/// The dates an RRULE yields (RFC 5545 section 3.3.10), computed directly from calendar arithmetic for the rule
/// shapes calendars use every day: DAILY, WEEKLY (BYDAY, WKST), MONTHLY (BYMONTHDAY, BYDAY with ordinals) and YEARLY
/// (BYMONTH with BYMONTHDAY or BYDAY with ordinals), each with INTERVAL, COUNT and BYMONTH. It can start at the period
/// that holds a given date instead of walking from the series' start (when no COUNT has to be counted), which is
/// what makes a month's listing cost the month. Rules with BYSETPOS, BYWEEKNO, BYYEARDAY or year-wide BYDAY
/// ordinals are left to Ical.Net's evaluator (<see cref="TryCreate"/> returns null); the expander tests check this
/// class against that evaluator.
/// </summary>
internal sealed class DateRule
{
    /// <summary>Consecutive periods without a date after which a rule is taken to have stopped matching.</summary>
    private const int MaxEmptyPeriods = 2000;

    private readonly FrequencyType _frequency;
    private readonly int _interval;
    private readonly DateOnly _start;
    private readonly DateOnly _weekStart;
    private readonly HashSet<int>? _months;
    private readonly int[]? _monthDays;
    private readonly (DayOfWeek Day, int Ordinal)[]? _days;

    private DateRule(RecurrencePattern pattern, DateOnly start)
    {
        _frequency = pattern.Frequency;
        _interval = Math.Max(1, pattern.Interval);
        _start = start;
        Count = pattern.Count;
        _months = pattern.ByMonth.Count > 0 ? [.. pattern.ByMonth] : null;
        _monthDays = pattern.ByMonthDay.Count > 0 ? [.. pattern.ByMonthDay] : null;
        _days = pattern.ByDay.Count > 0 ? [.. pattern.ByDay.Select(d => (d.DayOfWeek, d.Offset ?? 0))] : null;
        var wkst = pattern.FirstDayOfWeek;
        _weekStart = start.AddDays(-(((int)start.DayOfWeek - (int)wkst + 7) % 7));
    }

    /// <summary>COUNT, when the rule has one: the series must then be counted from its start.</summary>
    public int? Count { get; }

    /// <summary>The rule for a series starting on <paramref name="start"/>, or null when its shape is left to Ical.Net.</summary>
    public static DateRule? TryCreate(RecurrencePattern pattern, DateOnly start)
    {
        if (pattern.BySetPosition.Count > 0 || pattern.ByWeekNo.Count > 0 || pattern.ByYearDay.Count > 0
            || pattern.ByHour.Count > 0 || pattern.ByMinute.Count > 0 || pattern.BySecond.Count > 0)
        {
            return null;
        }

        var ordinals = pattern.ByDay.Any(d => (d.Offset ?? 0) != 0);
        return pattern.Frequency switch
        {
            FrequencyType.Daily when !ordinals => new DateRule(pattern, start),
            FrequencyType.Weekly when !ordinals && pattern.ByMonthDay.Count == 0 => new DateRule(pattern, start),
            FrequencyType.Monthly => new DateRule(pattern, start),

            // Without BYMONTH, YEARLY with BYDAY or BYMONTHDAY means days of the whole year, which evaluators read
            // differently (Ical.Net keeps to the start's month): left to Ical.Net so both paths agree.
            FrequencyType.Yearly when (pattern.ByDay.Count == 0 && pattern.ByMonthDay.Count == 0) || pattern.ByMonth.Count > 0 => new DateRule(pattern, start),
            _ => null,
        };
    }

    /// <summary>
    /// The series' dates in order: the rule's dates from its start on; from the period holding
    /// <paramref name="notBefore"/> when given (a COUNT rule ignores it). A start that does not match the rule is not
    /// one of them: RFC 5545 leaves that set undefined, and Ical.Net (the evaluator for the other shapes) leaves it out.
    /// </summary>
    public IEnumerable<DateOnly> Dates(DateOnly? notBefore = null)
    {
        var period = Count is null && notBefore is { } from ? Math.Max(0, PeriodOf(from) - 1) : 0;
        var empty = 0;
        for (; empty < MaxEmptyPeriods && !Beyond(period); period++)
        {
            var any = false;
            foreach (var date in Candidates(period))
            {
                any = true;
                if (date >= _start)
                {
                    yield return date;
                }
            }

            empty = any ? 0 : empty + 1;
        }
    }

    /// <summary>Whether the period starts after the last day DateOnly can hold (the series ends with the calendar).</summary>
    private bool Beyond(int period)
    {
        long step = (long)period * _interval;
        return _frequency switch
        {
            FrequencyType.Daily => _start.DayNumber + step > DateOnly.MaxValue.DayNumber,
            FrequencyType.Weekly => _weekStart.DayNumber + (step * 7) + 6 > DateOnly.MaxValue.DayNumber,
            FrequencyType.Monthly => (_start.Year * 12L) + _start.Month - 1 + step > (9999 * 12L) + 11,
            _ => _start.Year + step > 9999,
        };
    }

    /// <summary>The index of the period (interval step) that holds <paramref name="date"/>, or the one before it.</summary>
    private int PeriodOf(DateOnly date) => _frequency switch
    {
        FrequencyType.Daily => (date.DayNumber - _start.DayNumber) / _interval,
        FrequencyType.Weekly => (date.DayNumber - _weekStart.DayNumber) / 7 / _interval,
        FrequencyType.Monthly => ((date.Year * 12) + date.Month - ((_start.Year * 12) + _start.Month)) / _interval,
        _ => (date.Year - _start.Year) / _interval,
    };

    /// <summary>The dates of period <paramref name="period"/>, in order (may include dates before the start).</summary>
    private IEnumerable<DateOnly> Candidates(int period)
    {
        switch (_frequency)
        {
            case FrequencyType.Daily:
                {
                    var day = _start.AddDays(period * _interval);
                    if (InMonths(day) && (_monthDays is null || MonthDays(day.Year, day.Month).Contains(day.Day))
                        && (_days is null || _days.Any(d => d.Day == day.DayOfWeek)))
                    {
                        yield return day;
                    }

                    break;
                }

            case FrequencyType.Weekly:
                {
                    var week = _weekStart.AddDays(period * _interval * 7);
                    for (var i = 0; i < 7; i++)
                    {
                        var day = week.AddDays(i);
                        if ((_days is null ? day.DayOfWeek == _start.DayOfWeek : _days.Any(d => d.Day == day.DayOfWeek)) && InMonths(day))
                        {
                            yield return day;
                        }
                    }

                    break;
                }

            case FrequencyType.Monthly:
                {
                    var first = new DateOnly(_start.Year, _start.Month, 1).AddMonths(period * _interval);
                    if (InMonths(first))
                    {
                        foreach (var day in MonthCandidates(first.Year, first.Month))
                        {
                            yield return day;
                        }
                    }

                    break;
                }

            default:
                {
                    var year = _start.Year + (period * _interval);
                    if (year > 9999)
                    {
                        yield break;
                    }

                    IEnumerable<int> months = _months is not null ? _months.Order() : [_start.Month];
                    foreach (var month in months)
                    {
                        foreach (var day in MonthCandidates(year, month))
                        {
                            yield return day;
                        }
                    }

                    break;
                }
        }
    }

    /// <summary>The days of a month the rule's BYMONTHDAY and BYDAY select (both: their intersection; neither: the start's day).</summary>
    private IEnumerable<DateOnly> MonthCandidates(int year, int month)
    {
        if (year > 9999)
        {
            yield break;
        }

        var length = DateTime.DaysInMonth(year, month);
        var byMonthDay = _monthDays is null ? null : MonthDays(year, month);
        for (var day = 1; day <= length; day++)
        {
            var date = new DateOnly(year, month, day);
            var selected = (_days, byMonthDay) switch
            {
                (null, null) => day == _start.Day,
                (null, { } days) => days.Contains(day),
                ({ } weekdays, null) => MatchesWeekday(date, weekdays, length),
                ({ } weekdays, { } days) => days.Contains(day) && MatchesWeekday(date, weekdays, length),
            };
            if (selected)
            {
                yield return date;
            }
        }
    }

    /// <summary>Whether <paramref name="date"/> is one of the weekdays, an ordinal counting within its month (2TU: the second Tuesday; -1FR: the last Friday).</summary>
    private static bool MatchesWeekday(DateOnly date, (DayOfWeek Day, int Ordinal)[] weekdays, int monthLength)
    {
        foreach (var (day, ordinal) in weekdays)
        {
            if (date.DayOfWeek != day)
            {
                continue;
            }

            if (ordinal == 0
                || (ordinal > 0 && (date.Day - 1) / 7 == ordinal - 1)
                || (ordinal < 0 && (monthLength - date.Day) / 7 == -ordinal - 1))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>BYMONTHDAY resolved for one month (negative days count from its end; days the month lacks dropped).</summary>
    private HashSet<int> MonthDays(int year, int month)
    {
        var length = DateTime.DaysInMonth(year, month);
        var days = new HashSet<int>();
        foreach (var d in _monthDays!)
        {
            var day = d > 0 ? d : length + d + 1;
            if (day >= 1 && day <= length)
            {
                days.Add(day);
            }
        }

        return days;
    }

    private bool InMonths(DateOnly date) => _months is null || _months.Contains(date.Month);
}
