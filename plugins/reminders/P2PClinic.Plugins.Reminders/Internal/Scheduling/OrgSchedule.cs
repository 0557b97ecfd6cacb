using P2PClinic.Plugins.Reminders.Internal.Delivery;
using P2PClinic.Sdk;

namespace P2PClinic.Plugins.Reminders.Internal.Scheduling;

/// <summary>The scheduler's view of one open org. Touched only by the scheduler's worker.</summary>
internal sealed class OrgSchedule
{
    public OrgSchedule(IOrgDocument document, DeliveryLog log, EventHandler<OrgDocumentChange> onChanged)
    {
        Document = document;
        Log = log;
        OnChanged = onChanged;
    }

    public Guid OrgId => Document.OrgId;

    public IOrgDocument Document { get; }

    public DeliveryLog Log { get; }

    public EventHandler<OrgDocumentChange> OnChanged { get; }

    /// <summary>The document changed (or the org just opened): due times must be worked out again.</summary>
    public bool Dirty { get; set; } = true;

    /// <summary>Every reminder's event must be checked (the org just opened): events deleted while the node was down.</summary>
    public bool SweepAll { get; set; } = true;

    /// <summary>Events a change touched since the last planning: those now gone were deleted, their reminders go too.</summary>
    public HashSet<string> TouchedEvents { get; } = new(StringComparer.Ordinal);

    /// <summary>When to look again: the next due time, or the end of the planning horizon.</summary>
    public DateTimeOffset? WakeAt { get; set; }

    /// <summary>Everything due now, as of the last planning.</summary>
    public List<PlannedOccurrence> Due { get; set; } = [];

    /// <summary>Due firings no watcher received yet, with whether each is late; in due order.</summary>
    public List<(PlannedOccurrence Planned, bool Late)> Pending { get; } = [];

    /// <summary>The record changed since it was last saved.</summary>
    public bool LogChanged { get; set; }
}
