using System.Text;
using P2PClinic.Plugins.Calendar.Internal.ICalendar;
using P2PClinic.Plugins.Calendar.Internal.Model;

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
        string text;
        using (var reader = new StreamReader(new MemoryStream(ics.ToArray(), writable: false), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true))
        {
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var file = IcsFile.Parse(text);
        var read = file.Events.Select(block => IcsEventReader.Read(block, file)).ToList();
        var drafts = Resolve(read);

        var progress = new ImportProgress { TotalEvents = read.Count };
        var fileErrors = file.Problems.Select(p => new ImportError(0, p.Line, p.Message)).ToList();
        if (fileErrors.Count > 0)
        {
            progress = progress with { Failed = fileErrors.Count, Errors = fileErrors };
            await report(progress).ConfigureAwait(false);
        }

        var idsByUid = calendar.All().Where(e => e.Uid.Length > 0).GroupBy(e => e.Uid, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.CreatedAt).First(), StringComparer.Ordinal);
        foreach (var chunk in drafts.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<(Event, bool)>(chunk.Length);
            var errors = new List<ImportError>();
            foreach (var (item, draft) in chunk)
            {
                if (Prepare(calendar, item, draft, idsByUid, out var error) is { } prepared)
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
            };
            await report(progress).ConfigureAwait(false);
        }

        await report(progress with { Errors = [], Done = true }).ConfigureAwait(false);
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
                var exdate = recurrenceId.As(!master.IsAllDay);
                drafts[m] = (drafts[m].Item, master with { ExceptionDates = [.. master.ExceptionDates, exdate] });
            }

            drafts[i] = read[i].IsCancelled
                ? (read[i], null)
                : (read[i], instance with { Uid = OrgCalendar.InstanceUid(instance.Uid, recurrenceId) });
        }

        return drafts;
    }

    private static (Event Event, bool IsNew)? Prepare(OrgCalendar calendar, IcsEvent item, Event? draft, Dictionary<string, Event> byUid, out ImportError? error)
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

    public bool Done { get; init; }
}

/// <summary>One refused event: its number in the file (0 for text outside any event), the line of the problem, and the message (starting "line N:").</summary>
internal sealed record ImportError(int Event, int Line, string Message);
