namespace P2PClinic.Cli.Commands.Time;

/// <summary>
/// A time as typed on the command line, before it is pinned to a zone: an exact instant (it carried its offset,
/// or was relative to now), a wall-clock time (<c>2026-12-01 09:00</c>, read in the event's or the machine's zone)
/// or a bare date (<c>2026-12-01</c>, an all-day date, or midnight where a range needs an instant).
/// </summary>
internal abstract record CommandTime
{
    private CommandTime()
    {
    }

    /// <summary>The instant this time names in <paramref name="zone"/>.</summary>
    public abstract DateTimeOffset ToInstant(TimeZoneInfo zone);

    /// <summary>An exact instant: ISO 8601 with an offset or <c>Z</c>, <c>now</c>, or <c>+15m</c>.</summary>
    internal sealed record Instant(DateTimeOffset Value) : CommandTime
    {
        public override DateTimeOffset ToInstant(TimeZoneInfo zone) => Value;
    }

    /// <summary>A wall-clock time with no zone of its own.</summary>
    internal sealed record WallClock(DateTime Local) : CommandTime
    {
        public override DateTimeOffset ToInstant(TimeZoneInfo zone) => ZoneOption.Pin(Local, zone);
    }

    /// <summary>A calendar date with no time.</summary>
    internal sealed record Date(DateOnly Value) : CommandTime
    {
        public override DateTimeOffset ToInstant(TimeZoneInfo zone) => ZoneOption.Pin(Value.ToDateTime(TimeOnly.MinValue), zone);
    }
}
