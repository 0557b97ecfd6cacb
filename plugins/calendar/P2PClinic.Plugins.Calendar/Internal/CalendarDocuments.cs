using P2PClinic.Plugins.Calendar.Internal.Recurrence;
using P2PClinic.Sdk;

namespace P2PClinic.Plugins.Calendar.Internal;

/// <summary>Opens an org's calendar: its shared document (opened once by the node, shared by everyone) seen through <see cref="OrgCalendar"/>.</summary>
internal sealed class CalendarDocuments
{
    private readonly IOrgDocuments _documents;
    private readonly TimeProvider _time;
    private readonly OccurrenceExpander _expander;

    public CalendarDocuments(IOrgDocuments documents, TimeProvider time, OccurrenceExpander expander)
    {
        _documents = documents;
        _time = time;
        _expander = expander;
    }

    /// <exception cref="OrgNotFoundException">The node holds no such org.</exception>
    public async Task<OrgCalendar> OpenAsync(Guid orgId, CancellationToken cancellationToken)
    {
        var document = await _documents.OpenAsync(orgId, cancellationToken).ConfigureAwait(false);
        return new OrgCalendar(document, _time, _expander);
    }
}
