using P2PClinic.Plugins.Calendar.Internal.ICalendar;
using P2PClinic.Plugins.Calendar.Internal.Model;
using P2PClinic.Plugins.Text;

namespace P2PClinic.Plugins.Calendar.Internal;

/// <summary>
/// Imports an .ics file into an org's calendar: every event is read, mapped and validated whole before anything
/// is stored, events are stored in batches (one durable change each), and a refused event never stops the rest.
/// </summary>
/// <remarks>
/// A changed instance of a recurring event (a VEVENT with RECURRENCE-ID, as Google and Outlook export them) becomes
/// an event of its own, with the UID <c>&lt;uid&gt;#&lt;RECURRENCE-ID&gt;</c>, and its original date is added to the
/// recurring event's exception dates; a cancelled instance becomes an exception date only.
/// </remarks>
internal static class EventImport
{
    /// <summary>Events per stored change: big enough that fsyncs do not dominate, small enough for steady progress.</summary>
    public const int BatchSize = 250;

    public static async Task RunAsync(OrgCalendar calendar, ReadOnlyMemory<byte> ics, Func<ImportProgress, Task> report, CancellationToken cancellationToken)
    {
        var text = ImportText.Decode(ics.Span);
        var file = IcsFile.Parse(text.Text);
        var read = file.Events.Select(block => IcsEventReader.Read(block, file)).ToList();
        var drafts = Resolve(read);

        var progress = new ImportProgress { TotalEvents = read.Count };
        var fileErrors = file.Problems.Select(p => new ImportError(0, p.Line, p.Message)).ToList();
        var decodedLines = DecodedLinesByEvent(file, text.Windows1252Lines);
        var fileWarnings = decodedLines.TryGetValue(0, out var outside) ? [new ImportWarning(0, outside[0].Number, ImportText.Warning(outside))] : new List<ImportWarning>();
        if (fileErrors.Count > 0 || fileWarnings.Count > 0)
        {
            progress = progress with { Failed = fileErrors.Count, Errors = fileErrors, Warnings = fileWarnings };
            await report(progress).ConfigureAwait(false);
        }

        var idsByUid = calendar.All().Where(e => e.Uid.Length > 0).GroupBy(e => e.Uid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.CreatedAt).First(), StringComparer.Ordinal);
        foreach (var chunk in drafts.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(Event, bool)>(chunk.Length);
            var errors = new List<ImportError>();
            var warnings = new List<ImportWarning>();
            foreach (var (item, draft) in chunk)
            {
                if (decodedLines.TryGetValue(item.Block.Number, out var lines))
                {
                    warnings.Add(new ImportWarning(item.Block.Number, lines[0].Number, ImportText.Warning(lines)));
                }

                if (Prepare(calendar, item, draft, idsByUid, warnings, out var error) is { } prepared)
                {
                    batch.Add(prepared);
                }
                else if (error is not null)
                {
                    errors.Add(error);
                }
            }

            await calendar.StoreBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            progress = progress with
            {
                ProcessedEvents = progress.ProcessedEvents + chunk.Length,
                Created = progress.Created + batch.Count(b => b.Item2),
                Updated = progress.Updated + batch.Count(b => !b.Item2),
                Failed = progress.Failed + errors.Count,
                Errors = errors,
                Warnings = warnings,
            };
            await report(progress).ConfigureAwait(false);
        }

        await report(progress with { Errors = [], Warnings = [], Done = true }).ConfigureAwait(false);
    }

    /// <summary>The lines read as Windows-1252 by the number of the event they are in (0: outside any event).</summary>
    private static Dictionary<int, List<ImportText.Line>> DecodedLinesByEvent(IcsFile file, IReadOnlyList<ImportText.Line> lines)
    {
        var byEvent = new Dictionary<int, List<ImportText.Line>>();
        foreach (var line in lines)
        {
            // The last event starting at or before the line (events are in file order), if the line is inside it.
            int lo = 0, hi = file.Events.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (file.Events[mid].Line <= line.Number)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            var owner = lo > 0 && line.Number <= file.Events[lo - 1].LastLine ? file.Events[lo - 1].Number : 0;
            if (!byEvent.TryGetValue(owner, out var list))
            {
                byEvent[owner] = list = [];
            }

            list.Add(line);
        }

        return byEvent;
    }

    /// <summary>
    /// Pairs changed instances with their recurring event: each one's original start becomes an exception date of
    /// the event with its UID; the instance itself stays (unless cancelled) under a UID of its own.
    /// </summary>
    private static List<(IcsEvent Item, Event? Draft)> Resolve(List<IcsEvent> read)
    {
        var masters = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < read.Count; i++)
        {
            if (read[i] is { Draft: { Uid.Length: > 0 } d, RecurrenceId: null })
            {
                masters.TryAdd(d.Uid, i);
            }
        }

        var drafts = read.Select(r => (Item: r, Draft: r.Draft)).ToList();
        for (var i = 0; i < read.Count; i++)
        {
            if (read[i] is not { Draft: { } instance, RecurrenceId: { } recurrenceId })
            {
                continue;
            }

            if (masters.TryGetValue(instance.Uid, out var m) && drafts[m].Draft is { } master)
            {
                // The reader gives the RECURRENCE-ID in the instance's zone; the series leaves it out in its own.
                recurrenceId = InZoneOf(master, instance, recurrenceId);
                var exdate = recurrenceId.As(!master.IsAllDay);
                drafts[m] = (drafts[m].Item, master with { ExceptionDates = [.. master.ExceptionDates, exdate] });
            }

            drafts[i] = read[i].IsCancelled
                ? (read[i], null)
                : (read[i], instance with { Uid = OrgCalendar.InstanceUid(instance.Uid, recurrenceId) });
        }

        return drafts;
    }

    /// <summary>A changed instance's original start (a wall clock in the instance's zone) in the series' zone.</summary>
    private static EventTime InZoneOf(Event master, Event instance, EventTime recurrenceId) =>
        !recurrenceId.HasTime || master.IsAllDay || string.Equals(master.TimeZone, instance.TimeZone, StringComparison.Ordinal)
            ? recurrenceId
            : EventClock.ToWallClock(EventClock.ToInstant(recurrenceId, EventTimeZones.Zone(instance.TimeZone)), EventTimeZones.Zone(master.TimeZone));

    private static (Event Event, bool IsNew)? Prepare(OrgCalendar calendar, IcsEvent item, Event? draft, Dictionary<string, Event> byUid, List<ImportWarning> warnings, out ImportError? error)
    {
        error = null;
        if (item.Error is not null)
        {
            error = new ImportError(item.Block.Number, item.ErrorLine, item.Error);
            return null;
        }

        if (draft is null)
        {
            // A cancelled instance: recorded as an exception date of its event, nothing to store of its own.
            return null;
        }

        Event e;
        try
        {
            e = EventValidator.Validate(draft);
        }
        catch (EventValidationException ex)
        {
            var line = item.LineOf(ex.Field);
            error = new ImportError(item.Block.Number, line, $"line {line}: {ex.Message}");
            return null;
        }

        foreach (var moved in TimeGaps.Find(draft, e.TimeZone))
        {
            var line = item.LineOf(moved.Field);
            warnings.Add(new ImportWarning(item.Block.Number, line, $"line {line}: {TimeGaps.Describe(moved, e.TimeZone)}"));
        }

        // A UID seen before (stored earlier, or earlier in this file) updates that event instead of duplicating it.
        var now = calendar.Now();
        var existing = e.Uid.Length == 0 ? null : byUid.GetValueOrDefault(e.Uid);
        var id = existing?.Id ?? OrgCalendar.NewId();
        var created = existing?.CreatedAt ?? (e.CreatedAt == default ? now : e.CreatedAt);
        e = e with { Id = id, CreatedAt = created, UpdatedAt = now, Uid = e.Uid.Length == 0 ? OrgCalendar.NewUid(id) : e.Uid };
        byUid[e.Uid] = e;
        return (e, existing is null);
    }
}

/// <summary>Where an import stands; <see cref="Errors"/> holds only the refusals since the previous report.</summary>
internal sealed record ImportProgress
{
    public int TotalEvents { get; init; }

    public int ProcessedEvents { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Failed { get; init; }

    public IReadOnlyList<ImportError> Errors { get; init; } = [];

    /// <summary>What the import did since the previous report that the user should know (the events were still handled).</summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];

    public bool Done { get; init; }
}

/// <summary>A note on one event (0: text outside any event), which was still handled: the line and the message (starting "line N:").</summary>
internal sealed record ImportWarning(int Event, int Line, string Message);

/// <summary>One refused event: its number in the file (0 for text outside any event), the line of the problem, and the message (starting "line N:").</summary>
internal sealed record ImportError(int Event, int Line, string Message);
