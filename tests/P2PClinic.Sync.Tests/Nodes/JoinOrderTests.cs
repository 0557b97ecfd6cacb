using Google.Protobuf.WellKnownTypes;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Api.Sync.V1;
using Xunit.Abstractions;

namespace P2PClinic.Sync.Tests.Nodes;

/// <summary>
/// Members who each edit an org while alone (contacts, events, reminders; the same contact's phone list and the same
/// event's attendees on all three; a contact deleted on one node while edited on another) converge on the same full
/// data whichever of them comes back first, second and last.
/// </summary>
[Collection(MembersCollection.Name)]
public sealed class JoinOrderTests
{
    private const string Password = "staple horse battery correct";
    private readonly MembersFixture _members;
    private readonly MemberWaits _wait;

    public JoinOrderTests(MembersFixture members, ITestOutputHelper output)
    {
        _members = members;
        _wait = new MemberWaits(members, output);
    }

    public static TheoryData<string> JoinOrders => ["ABC", "ACB", "BAC", "BCA", "CAB", "CBA"];

    [Theory]
    [MemberData(nameof(JoinOrders))]
    public async Task EditsMadeAloneOnAllThree_Converge_WhateverOrderTheMembersComeBackIn(string order)
    {
        var nodes = new Dictionary<char, SyncNode> { ['A'] = _members.A, ['B'] = _members.B, ['C'] = _members.C };
        var (a, b, c) = (_members.A, _members.B, _members.C);
        var org = await a.CreateOrgAsync("Clinic order " + order);
        var shared = (await a.Contacts.CreateContactAsync(new CreateContactRequest
        {
            OrgId = org,
            Contact = new Contact { DisplayName = "Shared patient", Phones = { new LabeledValue { Label = "home", Value = "+41 0" } } },
        })).Id;
        var doomed = (await a.Contacts.CreateContactAsync(new CreateContactRequest { OrgId = org, Contact = new Contact { DisplayName = "Moved away" } })).Id;
        var meeting = (await a.Calendar.CreateEventAsync(new CreateEventRequest
        {
            OrgId = org,
            Event = new Event { Title = "Staff meeting", Start = "2027-03-01T09:00", End = "2027-03-01T10:00", TimeZone = "Europe/Zurich" },
        })).Id;
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        foreach (var joiner in new[] { b, c })
        {
            Assert.Equal(JoinStage.Done, (await joiner.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password))[^1].Stage);
        }

        await _wait.ConvergedAsync(org, a, b, c);
        await Task.WhenAll(a.Node.StopAsync(), b.Node.StopAsync(), c.Node.StopAsync());

        // Each member alone: its own contact, a phone on the shared contact, an attendee and a field of the meeting,
        // its own reminder of the meeting. A deletes a contact that B edits.
        foreach (var (name, node) in nodes)
        {
            await node.Node.RestartAsync();
            var n = name - 'A' + 1;
            await node.AddContactAsync(org, $"Made by {name} alone", $"+41 1{n}");
            await AppendPhoneAsync(node, org, shared, $"+41 2{n}");
            await AppendAttendeeAsync(node, org, meeting, $"{char.ToLowerInvariant(name)}@clinic.example");
            await node.Calendar.UpdateEventAsync(new UpdateEventRequest
            {
                OrgId = org,
                Event = name switch
                {
                    'A' => new Event { Id = meeting, Location = "Room 4" },
                    'B' => new Event { Id = meeting, Description = "Bring the rota" },
                    _ => new Event { Id = meeting, Title = "Staff meeting (moved)" },
                },
                UpdateMask = new FieldMask { Paths = { name switch { 'A' => "location", 'B' => "description", _ => "title" } } },
            });
            await node.Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = meeting, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(10 * n)) });
            if (name == 'A')
            {
                await node.Contacts.DeleteContactAsync(new DeleteContactRequest { OrgId = org, Id = doomed });
            }
            else if (name == 'B')
            {
                await node.Contacts.UpdateContactAsync(new UpdateContactRequest
                {
                    OrgId = org,
                    Contact = new Contact { Id = doomed, Note = "new address on file" },
                    UpdateMask = new FieldMask { Paths = { "note" } },
                });
            }

            await node.Node.StopAsync();
        }

        // Back in the given order: the first alone, then a pair, then all three.
        var back = new List<SyncNode>();
        foreach (var name in order)
        {
            await nodes[name].Node.RestartAsync();
            back.Add(nodes[name]);
            if (back.Count > 1)
            {
                await _wait.ConvergedAsync(org, [.. back]);
            }
        }

        await _wait.ConvergedAsync(org, a, b, c);
        foreach (var node in new[] { a, b, c })
        {
            var contacts = (await node.Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 100 })).Contacts;
            Assert.Equal(["Made by A alone", "Made by B alone", "Made by C alone", "Shared patient"], contacts.Select(x => x.DisplayName).Order(StringComparer.Ordinal));
            Assert.Equal(["+41 0", "+41 21", "+41 22", "+41 23"], contacts.Single(x => x.Id == shared).Phones.Select(p => p.Value).Order(StringComparer.Ordinal));
            var theMeeting = await node.Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = meeting });
            Assert.Equal(("Staff meeting (moved)", "Room 4", "Bring the rota"), (theMeeting.Title, theMeeting.Location, theMeeting.Description));
            Assert.Equal(["a@clinic.example", "b@clinic.example", "c@clinic.example"], theMeeting.Attendees.Select(x => x.Email).Order(StringComparer.Ordinal));
            var reminders = (await node.Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org, EventId = meeting })).Reminders;
            Assert.Equal([10, 20, 30], reminders.Select(r => (int)r.LeadTime.ToTimeSpan().TotalMinutes).Order());
        }
    }

    private static async Task AppendPhoneAsync(SyncNode node, string org, string contactId, string phone)
    {
        var contact = await node.Contacts.GetContactAsync(new GetContactRequest { OrgId = org, Id = contactId });
        contact.Phones.Add(new LabeledValue { Label = "cell", Value = phone });
        await node.Contacts.UpdateContactAsync(new UpdateContactRequest { OrgId = org, Contact = contact, UpdateMask = new FieldMask { Paths = { "phones" } } });
    }

    private static async Task AppendAttendeeAsync(SyncNode node, string org, string eventId, string email)
    {
        var meeting = await node.Calendar.GetEventAsync(new GetEventRequest { OrgId = org, Id = eventId });
        meeting.Attendees.Add(new Attendee { Email = email });
        await node.Calendar.UpdateEventAsync(new UpdateEventRequest { OrgId = org, Event = meeting, UpdateMask = new FieldMask { Paths = { "attendees" } } });
    }
}
