using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Api.Sync.V1;

namespace P2PClinic.Integration.Tests.Cluster;

/// <summary>What the scenarios write through the nodes' API, and sharing an org among members.</summary>
internal static class ClinicData
{
    public const string Password = "staple horse battery correct";

    public static async Task<Contact> AddContactAsync(NodeContainer node, string org, string name, string phone) =>
        await node.Contacts.CreateContactAsync(new CreateContactRequest
        {
            OrgId = org,
            Contact = new Contact { DisplayName = name, Phones = { new LabeledValue { Label = "mobile", Value = phone } } },
        });

    public static async Task<Event> AddEventAsync(NodeContainer node, string org, string title, string start) =>
        await node.Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = title, Start = start, End = start[..11] + "23:00", TimeZone = "Europe/Paris" },
        });

    public static async Task<Reminder> AddReminderAsync(NodeContainer node, string org, string eventId, TimeSpan lead) =>
        await node.Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Duration.FromTimeSpan(lead) });

    /// <summary>Sets one field of a contact (the others stay as they are).</summary>
    public static async Task UpdateContactFieldAsync(NodeContainer node, string org, string id, string field, string value)
    {
        var contact = new Contact { Id = id };
        switch (field)
        {
            case "note": contact.Note = value; break;
            case "organization": contact.Organization = value; break;
            case "title": contact.Title = value; break;
            case "given_name": contact.GivenName = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, "not a field the scenarios edit");
        }

        await node.Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = contact, UpdateMask = new FieldMask { Paths = { field } } });
    }

    /// <summary>The owner shares a new org and every member joins it with a fresh code and the password.</summary>
    public static async Task<string> ShareWithAsync(NodeContainer owner, string orgName, params NodeContainer[] members)
    {
        var org = await owner.CreateOrgAsync(orgName);
        await owner.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        foreach (var member in members)
        {
            var invite = await owner.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });
            var steps = await member.JoinAsync(invite.Code, Password);
            if (steps[^1].Stage != JoinStage.Done)
            {
                throw new InvalidOperationException($"{member.Name} joined {orgName} but ended at {steps[^1]}");
            }
        }

        return org;
    }

    /// <summary>The display names of the snapshot's contacts, sorted.</summary>
    public static IReadOnlyList<string> ContactNames(OrgSnapshot snapshot) =>
        [.. snapshot.Contacts.Select(c => c.DisplayName).Order(StringComparer.Ordinal)];

    /// <summary>True when the call failed because the node is not reachable (killed, paused, restarting).</summary>
    public static bool IsUnreachable(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal;
}
