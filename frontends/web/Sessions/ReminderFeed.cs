using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Web.Node;

namespace P2PClinic.Web.Sessions;

/// <summary>
/// The reminders due now, for every org of the node, as they arrive on the node's <c>WatchReminders</c> stream. The
/// page shows them as notifications; snoozing or dismissing one asks the node, which records it in the org's document
/// (so it clears on the other members' devices once synced). A dismissal made elsewhere clears it here when the
/// org's reminders change.
/// </summary>
public sealed class ReminderFeed : IAsyncDisposable
{
    private readonly NodeApi _api;
    private readonly OrgSession _orgs;
    private readonly Lock _lock = new();
    private readonly LiveStream<DueReminder> _watch;
    private List<DueReminder> _due = [];

    /// <summary>Starts following the node's due reminders.</summary>
    public ReminderFeed(NodeApi api, NodeLink link, OrgSession orgs, TimeProvider time)
    {
        _api = api;
        _orgs = orgs;
        _orgs.DataChanged += OnOrgChangedAsync;
        _watch = new LiveStream<DueReminder>(
            link,
            time,
            stop => _api.Reminders.WatchReminders(new WatchRemindersRequest { AllOrgs = true, IncludeDue = true }, cancellationToken: stop),
            reminder =>
            {
                lock (_lock)
                {
                    _due = [.. _due.Where(d => !SameOccurrence(d, reminder)), reminder];
                }

                Changed?.Invoke();
                return Task.CompletedTask;
            },
            () =>
            {
                // The stream sends everything due again when it (re)opens.
                lock (_lock)
                {
                    _due = [];
                }

                Changed?.Invoke();
                return Task.CompletedTask;
            });
    }

    /// <summary>Raised when the list of due reminders changed (from a background thread).</summary>
    public event Action? Changed;

    /// <summary>The due reminders, oldest first.</summary>
    public IReadOnlyList<DueReminder> Due
    {
        get
        {
            lock (_lock)
            {
                return [.. _due.OrderBy(d => d.DueAt?.ToDateTimeOffset())];
            }
        }
    }

    /// <summary>Dismisses one due occurrence.</summary>
    public async Task DismissAsync(DueReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await _api.Reminders.DismissReminderAsync(new DismissReminderRequest { OrgId = reminder.OrgId, Id = reminder.ReminderId, OccurrenceId = reminder.OccurrenceId });
        Remove(reminder);
    }

    /// <summary>Snoozes one due occurrence for <paramref name="duration"/>; the node sends it again then.</summary>
    public async Task SnoozeAsync(DueReminder reminder, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        await _api.Reminders.SnoozeReminderAsync(new SnoozeReminderRequest
        {
            OrgId = reminder.OrgId,
            Id = reminder.ReminderId,
            OccurrenceId = reminder.OccurrenceId,
            Duration = Duration.FromTimeSpan(duration),
        });
        Remove(reminder);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _orgs.DataChanged -= OnOrgChangedAsync;
        await _watch.DisposeAsync();
    }

    private async Task OnOrgChangedAsync(OrgChange change)
    {
        if (!change.Collections.Any(c => c.Collection == "reminders"))
        {
            return;
        }

        // Dismissed or snoozed elsewhere (the CLI, another member): keep only what the node still holds due.
        var due = await _api.Reminders.ListDueRemindersAsync(new ListDueRemindersRequest { OrgId = change.OrgId });
        lock (_lock)
        {
            _due = [.. _due.Where(d => d.OrgId != change.OrgId || due.Reminders.Any(r => SameOccurrence(r, d)))];
        }

        Changed?.Invoke();
    }

    private void Remove(DueReminder reminder)
    {
        lock (_lock)
        {
            _due = [.. _due.Where(d => !SameOccurrence(d, reminder))];
        }

        Changed?.Invoke();
    }

    private static bool SameOccurrence(DueReminder a, DueReminder b) =>
        a.OrgId == b.OrgId && a.ReminderId == b.ReminderId && a.OccurrenceId == b.OccurrenceId;
}
