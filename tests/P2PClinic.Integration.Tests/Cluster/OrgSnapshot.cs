using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Reminders.V1;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>Everything of one org that a user sees on one node: every contact, event and reminder with every field, sorted by id.</summary>
internal sealed record OrgSnapshot(IReadOnlyList<Contact> Contacts, IReadOnlyList<Event> Events, IReadOnlyList<Reminder> Reminders)
{
    private const int PageSize = 1000;

    /// <summary>One comparable text: equal texts mean equal data, field by field.</summary>
    public string Text => string.Join("\n",
        ["contacts:", .. Contacts.Select(c => c.ToString()), "events:", .. Events.Select(e => e.ToString()), "reminders:", .. Reminders.Select(r => r.ToString())]);

    public static async Task<OrgSnapshot> ReadAsync(NodeContainer node, string orgId)
    {
        var contacts = new List<Contact>();
        var token = "";
        do
        {
            var page = await node.Contacts.ListContactsAsync(new ListContactsRequest { OrgId = orgId, PageSize = PageSize, PageToken = token });
            contacts.AddRange(page.Contacts);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var events = new List<Event>();
        do
        {
            var page = await node.Calendar.ListEventsAsync(new ListEventsRequest { OrgId = orgId, PageSize = PageSize, PageToken = token });
            events.AddRange(page.Events);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        var reminders = new List<Reminder>();
        do
        {
            var page = await node.Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = orgId, PageSize = PageSize, PageToken = token });
            reminders.AddRange(page.Reminders);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return new OrgSnapshot(
            [.. contacts.OrderBy(c => c.Id, StringComparer.Ordinal)],
            [.. events.OrderBy(e => e.Id, StringComparer.Ordinal)],
            [.. reminders.OrderBy(r => r.Id, StringComparer.Ordinal)]);
    }

    /// <summary>Where two snapshots first differ, for a failure message.</summary>
    public static string Difference(string name, OrgSnapshot expected, string otherName, OrgSnapshot actual)
    {
        var left = expected.Text.Split('\n');
        var right = actual.Text.Split('\n');
        var summary = $"{name}: {expected.Contacts.Count} contacts, {expected.Events.Count} events, {expected.Reminders.Count} reminders; "
            + $"{otherName}: {actual.Contacts.Count} contacts, {actual.Events.Count} events, {actual.Reminders.Count} reminders";
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var l = i < left.Length ? left[i] : "(end)";
            var r = i < right.Length ? right[i] : "(end)";
            if (l != r)
            {
                return $"{summary}\nfirst difference at line {i}:\n  {name}: {l}\n  {otherName}: {r}";
            }
        }

        return summary;
    }
}
