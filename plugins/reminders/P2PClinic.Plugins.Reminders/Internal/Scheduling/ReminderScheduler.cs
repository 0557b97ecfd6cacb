using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using P2PClinic.Plugins.Reminders.Internal.Delivery;
using P2PClinic.Plugins.Reminders.Internal.Model;
using P2PClinic.Plugins.Reminders.Internal.Storage;
using P2PClinic.Sdk;
using P2PClinic.Sdk.Calendar;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>
/// Fires due reminders for every open org of the node. One worker does all the work, in order, from a queue:
/// org opened or closed, document changed (locally or by a merged update), timer elapsed, watcher connected.
/// After each batch of work it plans the orgs that need it, delivers what came due, and arms ONE timer (from the
/// node's <see cref="TimeProvider"/>) for the earliest next due time across the orgs, or the end of the planning
/// horizon when nothing is due sooner. Nothing polls.
/// </summary>
/// <remarks>
/// Delivery: an occurrence that is due and that no watcher of this node received yet is sent to every watcher
/// connected for its org and recorded as delivered (<see cref="DeliveryLog"/>, on disk before it is sent). When no
/// watcher is connected it waits for the next one. At start everything due within <see cref="ReminderLimits.DueWindow"/>
/// and not delivered yet is waiting, marked late when it came due before the node started.
/// </remarks>
internal sealed class ReminderScheduler : IAsyncDisposable
{
    /// <summary>How far ahead an org is planned; with nothing due sooner, the org is planned again then.</summary>
    internal static readonly TimeSpan PlanningHorizon = TimeSpan.FromDays(1);

    // After a failure to plan an org (a bug, a closed document racing), try again a little later rather than never.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMinutes(1);

    private readonly IOrgDocuments _documents;
    private readonly IOrgDirectory _directory;
    private readonly ReminderPlanner _planner;
    private readonly TimeProvider _time;
    private readonly string _dataDirectory;
    private readonly ILogger _logger;
    // Not SingleReader: that channel cannot count what is queued, which the idle check needs.
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>();

    // The documents the worker follows, readable from any thread (the worker writes it).
    private readonly ConcurrentDictionary<Guid, IOrgDocument> _attached = new();

    // Worker-only state.
    private readonly Dictionary<Guid, OrgSchedule> _orgs = [];
    private readonly List<ReminderWatcher> _watchers = [];
    private readonly List<(ReminderWatcher Watcher, TaskCompletionSource Registered)> _newWatchers = [];
    private readonly List<Action> _afterPlanning = [];
    private readonly List<TaskCompletionSource> _idleWaiters = [];

    private ITimer? _timer;
    private Task? _loop;
    private DateTimeOffset _startedAt;

    public ReminderScheduler(IOrgDocuments documents, IOrgDirectory directory, ReminderPlanner planner, TimeProvider time, ReminderDataDirectory dataDirectory, ILogger<ReminderScheduler> logger)
    {
        _documents = documents;
        _directory = directory;
        _planner = planner;
        _time = time;
        _dataDirectory = dataDirectory.Path;
        _logger = logger;
    }

    /// <summary>When this run of the scheduler started: occurrences due before it came due while the node was down.</summary>
    public DateTimeOffset StartedAt => _startedAt;

    /// <summary>Opens every org the node holds and starts firing; drops the delivery records of orgs it no longer holds.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _startedAt = _time.GetUtcNow();
        _timer = _time.CreateTimer(_ => Post(() => Task.CompletedTask), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _loop = Task.Run(RunAsync, CancellationToken.None);

        var orgs = await _directory.ListAsync(cancellationToken).ConfigureAwait(false);
        var held = orgs.Select(o => o.Id).ToHashSet();
        foreach (var stored in DeliveryLog.StoredOrgs(_dataDirectory).Where(id => !held.Contains(id)))
        {
            DeliveryLog.Delete(_dataDirectory, stored);
            RemindersLog.DeliveryLogDropped(_logger, stored);
        }

        foreach (var org in orgs)
        {
            try
            {
                await OpenAsync(org.Id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Left between the listing and the opening, or its document cannot be rebuilt: the other orgs'
                // reminders still fire, and this one is scheduled if it opens later.
                RemindersLog.OrgOpenFailed(_logger, org.Id, e);
            }
        }

        RemindersLog.SchedulerStarted(_logger, orgs.Count);
    }

    /// <summary>Opens an org's document and makes sure its reminders are scheduled.</summary>
    /// <exception cref="OrgNotFoundException">The node holds no such org.</exception>
    public async Task<IOrgDocument> OpenAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var document = await _documents.OpenAsync(orgId, cancellationToken).ConfigureAwait(false);
        Attach(document);
        return document;
    }

    /// <summary>Schedules the reminders of an open document (idempotent: the same document is attached once).</summary>
    public void Attach(IOrgDocument document)
    {
        // Every API call comes through here: skip the queue when the worker already follows this very document.
        if (_attached.TryGetValue(document.OrgId, out var attached) && ReferenceEquals(attached, document) && !document.IsClosed)
        {
            return;
        }

        Post(() => AttachAsync(document));
    }

    private async Task AttachAsync(IOrgDocument document)
    {
        if (_orgs.TryGetValue(document.OrgId, out var existing))
        {
            if (ReferenceEquals(existing.Document, document))
            {
                return;
            }

            Detach(existing);
        }

        if (document.IsClosed)
        {
            return;
        }

        DeliveryLog log;
        try
        {
            log = await DeliveryLog.LoadAsync(_dataDirectory, document.OrgId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DeliveryLogFormatException or IOException or UnauthorizedAccessException)
        {
            RemindersLog.DeliveryLogUnreadable(_logger, document.OrgId, e);
            log = DeliveryLog.Empty(_dataDirectory, document.OrgId);
        }

        var orgId = document.OrgId;
        var org = new OrgSchedule(document, log, (_, change) => OnDocumentChanged(orgId, document, change));
        document.Changed += org.OnChanged;
        _orgs[orgId] = org;
        _attached[orgId] = document;
    }

    /// <summary>The org's document closed (the node left it or stops): stop scheduling it; forget its record if the org is gone.</summary>
    public void Forget(Guid orgId) => Post(async () =>
    {
        if (_orgs.TryGetValue(orgId, out var org))
        {
            Detach(org);
        }

        OrgInfo? stillHeld;
        try
        {
            stillHeld = await _directory.FindAsync(orgId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The node is stopping and its store may be closed: keep the record, the next start decides.
            return;
        }

        if (stillHeld is null)
        {
            DeliveryLog.Delete(_dataDirectory, orgId);
            RemindersLog.DeliveryLogDropped(_logger, orgId);
            foreach (var watcher in _watchers.Where(w => w.OrgId == orgId).ToList())
            {
                watcher.Complete();
                _watchers.Remove(watcher);
            }
        }
    });

    /// <summary>
    /// Connects a watcher of one org (or every org, <paramref name="orgId"/> null). The returned task completes once
    /// it is in place: it then has its backlog (what waited for a watcher; with <paramref name="includeDue"/>,
    /// everything due) and receives every firing from then on.
    /// </summary>
    public async Task<ReminderWatcher> WatchAsync(Guid? orgId, bool includeDue, CancellationToken cancellationToken)
    {
        var watcher = new ReminderWatcher(orgId, includeDue, (w, unsent) => Post(async () =>
        {
            _watchers.Remove(w);
            _newWatchers.RemoveAll(n => n.Watcher == w);
            await ReturnUnsentAsync(unsent).ConfigureAwait(false);
        }));
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(() =>
        {
            _newWatchers.Add((watcher, registered));
            return Task.CompletedTask;
        }))
        {
            watcher.Complete();
            return watcher;
        }

        try
        {
            await registered.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            watcher.Dispose();
            throw;
        }

        return watcher;
    }

    /// <summary>What is due now in one org (or every org), planned after every change made before the call.</summary>
    public Task<IReadOnlyList<DueNotice>> ListDueAsync(Guid? orgId, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<IReadOnlyList<DueNotice>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(() =>
        {
            _afterPlanning.Add(() => result.TrySetResult([.. _orgs.Values
                .Where(o => orgId is null || o.OrgId == orgId)
                .SelectMany(o => o.Due.Select(p => Notice(o, p, redelivered: false)))
                .OrderBy(n => n.Planned.DueAt)
                .ThenBy(n => n.Planned.Reminder.Id, StringComparer.Ordinal)
                .ThenBy(n => n.Planned.Occurrence.OccurrenceId, StringComparer.Ordinal)]));
            return Task.CompletedTask;
        }))
        {
            result.TrySetException(new OperationCanceledException("the reminders scheduler stopped"));
        }

        return result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Completes once the scheduler has handled everything posted before the call and nothing else is queued.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Post(() =>
        {
            _idleWaiters.Add(idle);
            return Task.CompletedTask;
        }))
        {
            idle.TrySetResult();
        }

        return idle.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops firing: finishes the queued work, ends every watcher's stream, unsubscribes from the documents.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _work.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _work.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool Post(Func<Task> work) => _work.Writer.TryWrite(work);

    /// <summary>
    /// Firings a departed watcher never wrote to its stream: unless another watcher of their org holds them, they
    /// are no longer recorded as delivered, so they wait for the next watcher (a redelivery was delivered before).
    /// </summary>
    private async Task ReturnUnsentAsync(IReadOnlyList<DueNotice> unsent)
    {
        foreach (var group in unsent.Where(n => !n.Redelivered).GroupBy(n => n.OrgId))
        {
            if (!_orgs.TryGetValue(group.Key, out var org) || _watchers.Any(w => w.Matches(group.Key)))
            {
                continue;
            }

            foreach (var notice in group)
            {
                org.Log.Remove(notice.Planned.Key);
            }

            try
            {
                await org.Log.SaveAsync(_time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                RemindersLog.DeliveryLogNotSaved(_logger, org.OrgId, e);
            }
        }
    }

    private void OnDocumentChanged(Guid orgId, IOrgDocument document, OrgDocumentChange change)
    {
        // Runs on the changing thread, possibly inside the document's lock: only queue, never read here.
        if (!change.Collections.Any(c => c.Collection is CalendarCollections.Events or ReminderDocument.Root))
        {
            return;
        }

        var events = change.Collections.FirstOrDefault(c => c.Collection == CalendarCollections.Events);
        Post(() =>
        {
            if (_orgs.TryGetValue(orgId, out var org) && ReferenceEquals(org.Document, document))
            {
                org.Dirty = true;
                if (events is { Ids.Count: 0 })
                {
                    // The change could not name the events (the root was replaced): check them all.
                    org.SweepAll = true;
                }
                else if (events is not null)
                {
                    org.TouchedEvents.UnionWith(events.Ids);
                }
            }

            return Task.CompletedTask;
        });
    }

    private async Task RunAsync()
    {
        var reader = _work.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var work))
                {
                    try
                    {
                        await work().ConfigureAwait(false);
                    }
                    catch (Exception e)
                    {
                        RemindersLog.WorkFailed(_logger, e);
                    }
                }

                try
                {
                    await PlanAndDeliverAsync().ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    RemindersLog.WorkFailed(_logger, e);
                }
                finally
                {
                    AnswerQueries();
                }

                if (reader.Count == 0)
                {
                    foreach (var idle in _idleWaiters)
                    {
                        idle.TrySetResult();
                    }

                    _idleWaiters.Clear();
                }
            }
        }
        finally
        {
            foreach (var org in _orgs.Values)
            {
                org.Document.Changed -= org.OnChanged;
            }

            foreach (var watcher in _watchers.Concat(_newWatchers.Select(n => n.Watcher)))
            {
                watcher.Complete();
            }

            foreach (var (_, registered) in _newWatchers)
            {
                registered.TrySetResult();
            }

            foreach (var idle in _idleWaiters)
            {
                idle.TrySetResult();
            }

            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task PlanAndDeliverAsync()
    {
        var now = _time.GetUtcNow();
        foreach (var org in _orgs.Values.ToList())
        {
            if (org.Document.IsClosed)
            {
                Detach(org);
                continue;
            }

            if (org.Dirty || org.WakeAt is null || org.WakeAt <= now)
            {
                try
                {
                    await PlanAsync(org, now).ConfigureAwait(false);
                }
                catch (OrgDocumentClosedException)
                {
                    Detach(org);
                }
                catch (Exception e)
                {
                    RemindersLog.OrgScheduleFailed(_logger, org.OrgId, e);
                    org.Dirty = false;
                    org.WakeAt = now + RetryDelay;
                }
            }
        }

        // A new watcher first gets what was delivered before (when it asked for everything due), then, with the
        // others, what no watcher received yet.
        foreach (var (watcher, _) in _newWatchers)
        {
            if (!watcher.IncludeDue)
            {
                continue;
            }

            foreach (var org in _orgs.Values.Where(o => watcher.Matches(o.OrgId)))
            {
                foreach (var planned in org.Due.Where(p => org.Log.TryGet(p.Key, out _)))
                {
                    _ = watcher.Send(Notice(org, planned, redelivered: true));
                }
            }
        }

        _watchers.AddRange(_newWatchers.Select(n => n.Watcher));
        await DeliverAsync(now).ConfigureAwait(false);

        // Registered once its backlog is queued to it (AnswerQueries completes the registrations).
        ArmTimer(now);
    }

    /// <summary>Answers the questions asked during the round, even when planning failed: no caller waits forever.</summary>
    private void AnswerQueries()
    {
        foreach (var (watcher, registered) in _newWatchers)
        {
            if (!_watchers.Contains(watcher))
            {
                _watchers.Add(watcher);
            }

            registered.TrySetResult();
        }

        _newWatchers.Clear();
        foreach (var answer in _afterPlanning)
        {
            answer();
        }

        _afterPlanning.Clear();
    }

    private async Task PlanAsync(OrgSchedule org, DateTimeOffset now)
    {
        org.Dirty = false;
        var document = org.Document;
        var reminders = document.Read(ReminderDocument.ReadAll);

        // Only events seen going away (touched by a change and now absent), or every event when the org opens: a
        // reminder merged from a peer may arrive before its event (from a third peer) does, and must wait for it
        // rather than be deleted, everywhere, by a node that simply has not seen the event yet.
        var sweepAll = org.SweepAll;
        var touched = org.TouchedEvents.ToHashSet(StringComparer.Ordinal);
        org.SweepAll = false;
        org.TouchedEvents.Clear();
        var orphans = reminders
            .Where(r => (sweepAll || touched.Contains(r.EventId)) && !_planner.Calendar.Contains(document, r.EventId))
            .ToList();
        if (orphans.Count > 0)
        {
            // The event was deleted, here or by a peer (perhaps while this node was down): its reminders go too.
            await document.ChangeAsync(
                t =>
                {
                    foreach (var orphan in orphans)
                    {
                        ReminderDocument.Delete(t, orphan.Id);
                    }
                },
                CancellationToken.None).ConfigureAwait(false);
            RemindersLog.OrphansDeleted(_logger, org.OrgId, orphans.Count);
            reminders = [.. reminders.Except(orphans)];
        }

        var due = new List<PlannedOccurrence>();
        DateTimeOffset? next = null;
        foreach (var reminder in reminders)
        {
            foreach (var planned in _planner.Plan(document, reminder, now - ReminderLimits.DueWindow, now + PlanningHorizon))
            {
                if (planned.DueAt <= now)
                {
                    due.Add(planned);
                }
                else if (next is null || planned.DueAt < next)
                {
                    next = planned.DueAt;
                }
            }
        }

        due.Sort(CompareDue);
        org.Due = due;
        org.WakeAt = next ?? now + PlanningHorizon;
    }

    private async Task DeliverAsync(DateTimeOffset now)
    {
        foreach (var org in _orgs.Values)
        {
            var targets = _watchers.Where(w => w.Matches(org.OrgId)).ToList();
            if (targets.Count == 0)
            {
                // Nobody to tell: it waits for the next watcher (and, across a restart, is delivered late).
                continue;
            }

            var fresh = org.Due.Where(p => !org.Log.TryGet(p.Key, out _)).ToList();
            if (fresh.Count == 0)
            {
                continue;
            }

            var notices = fresh.Select(p => Notice(org, p, redelivered: false)).ToList();
            foreach (var notice in notices)
            {
                org.Log.Add(notice.Planned.Key, notice.Late);
            }

            // On disk before anyone sees it: a crash right after must not deliver it again.
            try
            {
                await org.Log.SaveAsync(now, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                RemindersLog.DeliveryLogNotSaved(_logger, org.OrgId, e);
            }

            var unsent = new List<DueNotice>();
            foreach (var notice in notices)
            {
                var taken = false;
                foreach (var watcher in targets)
                {
                    taken |= watcher.Send(notice);
                }

                if (!taken)
                {
                    unsent.Add(notice);
                }
            }

            if (unsent.Count > 0)
            {
                // Every target went away while this round ran (their removal is queued behind it): not delivered.
                foreach (var notice in unsent)
                {
                    org.Log.Remove(notice.Planned.Key);
                }

                try
                {
                    await org.Log.SaveAsync(now, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    RemindersLog.DeliveryLogNotSaved(_logger, org.OrgId, e);
                }
            }
        }
    }

    /// <summary>
    /// Late: it came due before this run started, for a reminder that existed by then (one created since, due in
    /// the past because its occurrence is close, is simply due now).
    /// </summary>
    private DueNotice Notice(OrgSchedule org, PlannedOccurrence planned, bool redelivered) =>
        new(
            org.OrgId,
            planned,
            org.Log.TryGet(planned.Key, out var late) ? late : planned.DueAt < _startedAt && planned.Reminder.CreatedAt < _startedAt,
            redelivered);

    private void ArmTimer(DateTimeOffset now)
    {
        var wake = _orgs.Values.Select(o => o.WakeAt).Where(w => w is not null).Min();
        if (wake is null)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = wake.Value - now;
        if (delay <= TimeSpan.Zero)
        {
            Post(() => Task.CompletedTask);
            return;
        }

        _timer?.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private void Detach(OrgSchedule org)
    {
        org.Document.Changed -= org.OnChanged;
        _orgs.Remove(org.OrgId);
        _attached.TryRemove(new KeyValuePair<Guid, IOrgDocument>(org.OrgId, org.Document));
    }

    private static int CompareDue(PlannedOccurrence a, PlannedOccurrence b)
    {
        var byDue = a.DueAt.CompareTo(b.DueAt);
        if (byDue != 0)
        {
            return byDue;
        }

        var byReminder = string.CompareOrdinal(a.Reminder.Id, b.Reminder.Id);
        return byReminder != 0 ? byReminder : string.CompareOrdinal(a.Occurrence.OccurrenceId, b.Occurrence.OccurrenceId);
    }
}
