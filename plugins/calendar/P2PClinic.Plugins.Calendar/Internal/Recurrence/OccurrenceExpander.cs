using System.Collections.Concurrent;
using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using NodaTime;
using Duration = Ical.Net.DataTypes.Duration;
using P2PClinic.Plugins.Calendar.Internal.Model;

namespace P2PClinic.Plugins.Calendar.Internal.Recurrence;

/// <summary>
/// Expands events into the occurrences that overlap a range. Recurring events go through Ical.Net's RFC 5545
/// evaluator (BYDAY ordinals, BYSETPOS, WKST, COUNT and UNTIL, DST through NodaTime's tz database), enumerated
/// lazily from the start of the range and stopped at its end, so an unbounded rule costs what the range holds,
/// never the whole series. Each event's compiled rule is cached until its timing fields change.
/// </summary>
internal sealed class OccurrenceExpander
{
    /// <summary>
    /// How many candidate dates in a row may fail the rule's filters before evaluation stops: a rule that can never
    /// match (BYMONTH=2;BYMONTHDAY=30) would otherwise be searched forever.
    /// </summary>
    private const int MaxUnmatchedIncrements = 2000;

    private static readonly EvaluationOptions Options = new() { MaxUnmatchedIncrementsLimit = MaxUnmatchedIncrements };

    /// <summary>Days between the checkpoints an expansion remembers (see CompiledEvent.SeriesFrom).</summary>
    private const int CheckpointSpacing = 32;

    private readonly ConcurrentDictionary<(Guid Org, string Id), CompiledEvent> _compiled = new();

    /// <summary>The occurrences of <paramref name="e"/> that overlap <c>[from, to)</c>, in order of start.</summary>
    public IEnumerable<Occurrence> Expand(Guid orgId, Event e, DateTimeOffset from, DateTimeOffset to)
    {
        if (e.Start == default)
        {
            // A peer's half-written event (no start) has no occurrence to show.
            return [];
        }

        var key = (orgId, e.Id);
        if (!_compiled.TryGetValue(key, out var compiled) || !compiled.IsFor(e))
        {
            compiled = CompiledEvent.Compile(e);
            _compiled[key] = compiled;
        }

        return compiled.Occurrences(e, from, to);
    }

    /// <summary>Forgets the compiled rules of an org (its document closed).</summary>
    public void Forget(Guid orgId)
    {
        foreach (var key in _compiled.Keys.Where(k => k.Org == orgId))
        {
            _compiled.TryRemove(key, out _);
        }
    }

    /// <summary>Checks that a validated recurring event yields an occurrence, so a rule that matches no date is refused when written.</summary>
    /// <exception cref="EventValidationException">The rule can never match.</exception>
    public static void CheckExpands(Event e)
    {
        var compiled = CompiledEvent.Compile(e);
        try
        {
            compiled.First();
        }
        catch (EvaluationLimitExceededException)
        {
            throw new EventValidationException(RecurrenceRules.Field, $"'{e.RecurrenceRule}' matches no date");
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // The library's message names its internals: say what the user can act on.
            throw new EventValidationException(RecurrenceRules.Field, $"'{e.RecurrenceRule}' cannot be expanded from the start {e.Start}: check its BY parts against the start");
        }
    }

    /// <summary>An event's timing in the form expansion needs: zone, duration and, when it recurs, Ical.Net's component.</summary>
    private sealed class CompiledEvent
    {
        private readonly Lock _gate = new();
        private readonly string _fingerprint;
        private readonly DateTimeZone _zone;
        private readonly bool _isAllDay;
        private readonly TimeSpan _duration;
        private readonly int _days;
        private readonly CalendarEvent? _recurring;

        /// <summary>Builds the series again from another start (a checkpoint); null when the rule cannot be rebased.</summary>
        private readonly Func<DateOnly, CalendarEvent>? _rebase;

        /// <summary>Dates of occurrences met so far, at most one per <see cref="CheckpointSpacing"/> days.</summary>
        private readonly SortedSet<DateOnly> _checkpoints = [];
        private readonly HashSet<int> _checkpointBuckets = [];
        private readonly Dictionary<DateOnly, CalendarEvent> _rebased = [];

        /// <summary>The direct evaluation of the rule, when its shape allows (see <see cref="DateRule"/>).</summary>
        private readonly DateRule? _dates;
        private readonly TimeOnly? _timeOfDay;
        private readonly DateTimeOffset? _untilInstant;
        private readonly DateOnly? _untilDate;
        private readonly HashSet<DateTimeOffset> _excludedInstants = [];
        private readonly HashSet<DateOnly> _excludedDates = [];

        private CompiledEvent(string fingerprint, DateTimeZone zone, bool isAllDay, TimeSpan duration, int days, CalendarEvent? recurring, Func<DateOnly, CalendarEvent>? rebase, Event e, RecurrencePattern? pattern)
        {
            if (pattern is not null && recurring is not null && DateRule.TryCreate(pattern, e.Start.Date) is { } dates)
            {
                _dates = dates;
                _timeOfDay = e.Start.Time;
                if (pattern.Until is { } until)
                {
                    // RFC 5545 section 3.3.10: UNTIL is inclusive; an instant for timed events, a date for all-day ones.
                    _untilInstant = isAllDay ? null : new DateTimeOffset(until.AsUtc, TimeSpan.Zero);
                    _untilDate = isAllDay ? until.Date : null;
                }

                foreach (var exdate in e.ExceptionDates)
                {
                    if (isAllDay)
                    {
                        _excludedDates.Add(exdate.Date);
                    }
                    else
                    {
                        _excludedInstants.Add(EventClock.ToInstant(exdate.As(true), zone));
                    }
                }
            }

            _fingerprint = fingerprint;
            _zone = zone;
            _isAllDay = isAllDay;
            _duration = duration;
            _days = days;
            _recurring = recurring;
            _rebase = rebase;
        }

        public bool IsFor(Event e) => _fingerprint == Fingerprint(e);

        public static CompiledEvent Compile(Event e)
        {
            var zone = EventTimeZones.Zone(e.TimeZone);
            var days = e.IsAllDay ? Math.Max(1, (e.End?.Date.DayNumber ?? e.Start.Date.DayNumber + 1) - e.Start.Date.DayNumber) : 0;

            // RFC 5545 section 3.8.5.3: a DTEND-derived duration is exact, so every member lasts as long as the first.
            var duration = e.IsAllDay || e.End is not { } end
                ? TimeSpan.Zero
                : EventClock.ToInstant(end, zone) - EventClock.ToInstant(e.Start, zone);
            if (duration < TimeSpan.Zero)
            {
                duration = TimeSpan.Zero;
            }

            CalendarEvent? recurring = null;
            Func<DateOnly, CalendarEvent>? rebase = null;
            if (e.RecurrenceRule.Length > 0 && TryParseRule(e.RecurrenceRule) is { } pattern)
            {
                var tzId = e.TimeZone.Length == 0 ? CalDateTime.UtcTzId : e.TimeZone;
                CalendarEvent Series(DateOnly firstDate, RecurrencePattern rule)
                {
                    var series = new CalendarEvent
                    {
                        // The nominal time of day, not the evaluated one: a checkpoint on a spring-forward day must
                        // not move the rest of the series to 03:30.
                        DtStart = ToCalDateTime(new EventTime(firstDate, e.Start.Time), e.IsAllDay, tzId),
                        Duration = e.IsAllDay ? Duration.FromDays(days) : Duration.FromTimeSpanExact(duration),
                        RecurrenceRule = rule,
                    };
                    foreach (var exdate in e.ExceptionDates)
                    {
                        series.ExceptionDates.Add(ToCalDateTime(exdate.As(!e.IsAllDay), e.IsAllDay, tzId));
                    }

                    return series;
                }

                recurring = Series(e.Start.Date, pattern);

                // Restarting the series at one of its occurrences gives the same later occurrences when nothing counts
                // from the true start (COUNT does). Every BYxxx default comes from DTSTART's fields (weekday, day of
                // month, month), which an occurrence shares, and an occurrence lies in a period the INTERVAL keeps.
                if (pattern.Count is null)
                {
                    var ruleText = e.RecurrenceRule;
                    rebase = date => Series(date, RecurrenceRules.Parse(ruleText));
                }
            }

            return new CompiledEvent(Fingerprint(e), zone, e.IsAllDay, duration, days, recurring, rebase, e, recurring?.RecurrenceRule as RecurrencePattern);
        }

        public IEnumerable<Occurrence> Occurrences(Event e, DateTimeOffset from, DateTimeOffset to)
        {
            if (_recurring is null)
            {
                var single = Make(e, e.Start);
                return single.Overlaps(from, to) ? [single] : [];
            }

            if (_dates is not null)
            {
                return Direct(e, from, to);
            }

            // Start the evaluation early enough to catch an occurrence that began before the range and is still on.
            CalDateTime bound;
            if (_isAllDay)
            {
                var fromDate = DaysBefore(EventClock.ToWallClock(from, _zone).Date, _days + 1);
                bound = new CalDateTime(fromDate);
            }
            else
            {
                bound = new CalDateTime(EventClock.Shift(from, -(_duration + TimeSpan.FromHours(1))).UtcDateTime, CalDateTime.UtcTzId, true);
            }

            var result = new List<Occurrence>();
            lock (_gate)
            {
                try
                {
                    var source = SeriesFrom(_isAllDay ? bound.Date : EventClock.ToWallClock(new DateTimeOffset(bound.AsUtc, TimeSpan.Zero), _zone).Date);
                    foreach (var o in source.GetOccurrences(bound, Options))
                    {
                        var start = o.Period.StartTime;
                        Remember(start.Date);
                        var occurrence = Make(e, _isAllDay ? new EventTime(start.Date, null) : new EventTime(start.Date, start.Time ?? TimeOnly.MinValue), start);
                        if (occurrence.Start >= to)
                        {
                            break;
                        }

                        if (occurrence.Overlaps(from, to))
                        {
                            result.Add(occurrence);
                        }
                    }
                }
                catch (EvaluationLimitExceededException)
                {
                    // The rule stopped matching (checked when written; a peer's rule may not have been): no more occurrences.
                }
                catch (ArgumentOutOfRangeException)
                {
                    // The series ran past the last day the calendar holds (a peer's event near year 9999): it ends there.
                }
            }

            return result;
        }

        /// <summary>The occurrences from <see cref="DateRule"/>: each date at the event's time of day, UNTIL, COUNT and EXDATE applied.</summary>
        private List<Occurrence> Direct(Event e, DateTimeOffset from, DateTimeOffset to)
        {
            // Early enough to catch an occurrence that began before the range and is still on.
            var fromDate = _isAllDay
                ? DaysBefore(EventClock.ToWallClock(from, _zone).Date, _days + 1)
                : DaysBefore(EventClock.ToWallClock(EventClock.Shift(from, -(_duration + TimeSpan.FromHours(1))), _zone).Date, 1);
            var result = new List<Occurrence>();
            var counted = 0;
            foreach (var date in _dates!.Dates(fromDate))
            {
                // COUNT counts the series before EXDATE removes any (RFC 5545 section 3.8.5.1).
                if (_dates.Count is { } count && ++counted > count)
                {
                    break;
                }

                if (_untilDate is { } untilDate && date > untilDate)
                {
                    break;
                }

                var occurrence = Make(e, new EventTime(date, _isAllDay ? null : _timeOfDay ?? TimeOnly.MinValue));
                if ((_untilInstant is { } until && occurrence.Start > until) || occurrence.Start >= to)
                {
                    break;
                }

                var excluded = _isAllDay ? _excludedDates.Contains(date) : _excludedInstants.Contains(occurrence.Start);
                if (!excluded && occurrence.Overlaps(from, to))
                {
                    result.Add(occurrence);
                }
            }

            return result;
        }

        /// <summary>
        /// The series to enumerate for a range starting on <paramref name="boundDate"/>: the series itself, or the series
        /// restarted at the latest checkpoint before that date, so a range long after the start does not walk every
        /// occurrence in between again. The first time a range lies far beyond every checkpoint, one walk from the
        /// nearest one records checkpoints up to it.
        /// </summary>
        private CalendarEvent SeriesFrom(DateOnly boundDate)
        {
            if (_rebase is null || _recurring is null)
            {
                return _recurring!;
            }

            var target = boundDate.AddDays(-1);
            var first = _recurring.DtStart!.Date;
            if (target <= first)
            {
                return _recurring;
            }

            var nearest = Nearest(target) ?? first;
            if (target.DayNumber - nearest.DayNumber > 2 * CheckpointSpacing)
            {
                var walker = nearest == first ? _recurring : Rebased(nearest);
                foreach (var o in walker.GetOccurrences(walker.DtStart, Options))
                {
                    var date = o.Period.StartTime.Date;
                    if (date > target)
                    {
                        break;
                    }

                    Remember(date);
                }

                nearest = Nearest(target) ?? first;
            }

            return nearest == first ? _recurring : Rebased(nearest);
        }

        private DateOnly? Nearest(DateOnly target)
        {
            if (_checkpoints.Count == 0 || _checkpoints.Min > target)
            {
                return null;
            }

            return _checkpoints.GetViewBetween(_checkpoints.Min, target).Max;
        }

        private void Remember(DateOnly date)
        {
            // Never the start itself: it need not match the rule, and a checkpoint must.
            if (_rebase is not null && date > _recurring!.DtStart!.Date && _checkpointBuckets.Add(date.DayNumber / CheckpointSpacing))
            {
                _checkpoints.Add(date);
            }
        }

        private CalendarEvent Rebased(DateOnly date)
        {
            if (!_rebased.TryGetValue(date, out var series))
            {
                series = _rebase!(date);
                _rebased[date] = series;
            }

            return series;
        }

        /// <summary>Evaluates the rule up to its first occurrence (throws when it can never match).</summary>
        public void First()
        {
            lock (_gate)
            {
                _ = _recurring?.GetOccurrences(_recurring.DtStart, Options).FirstOrDefault();
            }
        }

        private Occurrence Make(Event e, EventTime localStart, CalDateTime? evaluated = null)
        {
            if (_isAllDay)
            {
                var startDate = new EventTime(localStart.Date, null);
                var endDate = new EventTime(DateOnly.FromDayNumber((int)Math.Min((long)localStart.Date.DayNumber + _days, DateOnly.MaxValue.DayNumber)), null);
                return new Occurrence(
                    e,
                    startDate.Date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
                    EventClock.ToInstant(startDate, _zone),
                    EventClock.ToInstant(endDate, _zone),
                    startDate,
                    endDate);
            }

            var start = evaluated is { } cal ? new DateTimeOffset(cal.AsUtc, TimeSpan.Zero) : EventClock.ToInstant(localStart, _zone);
            var end = EventClock.Shift(start, _duration);
            return new Occurrence(
                e,
                start.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture),
                start,
                end,
                EventClock.ToWallClock(start, _zone),
                EventClock.ToWallClock(end, _zone));
        }

        /// <summary><paramref name="date"/> minus <paramref name="days"/>, no earlier than the first day of the calendar.</summary>
        private static DateOnly DaysBefore(DateOnly date, int days) => DateOnly.FromDayNumber(Math.Max(0, date.DayNumber - days));

        private static CalDateTime ToCalDateTime(EventTime time, bool isAllDay, string tzId) =>
            isAllDay ? new CalDateTime(time.Date) : new CalDateTime(time.Date, time.Time ?? TimeOnly.MinValue, tzId);

        private static RecurrencePattern? TryParseRule(string rule)
        {
            try
            {
                return RecurrenceRules.Parse(rule);
            }
            catch (EventValidationException)
            {
                // A rule a peer stored that this version cannot read: the event shows once, at its start.
                return null;
            }
        }

        private static string Fingerprint(Event e) =>
            string.Join('|', e.Start, e.End, e.IsAllDay, e.TimeZone, e.RecurrenceRule, string.Join(',', e.ExceptionDates));
    }
}
