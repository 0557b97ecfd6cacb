using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Api.Sync.V1;
using Xunit.Abstractions;

namespace P2PClinic.Sync.Tests.Nodes;

/// <summary>
/// Members share an org between real node processes: invite, join with code + password over the real signaling
/// server and the built-in WebRTC transport on loopback, then sync. Every assertion compares the full data.
/// </summary>
[Collection(MembersCollection.Name)]
public sealed class SharedOrgTests
{
    private const string Password = "staple horse battery correct";
    private readonly MembersFixture _members;
    private readonly MemberWaits _wait;

    public SharedOrgTests(MembersFixture members, ITestOutputHelper output)
    {
        _members = members;
        _wait = new MemberWaits(members, output);
    }

    [Fact]
    public async Task InviteAndJoin_ThreeMembersConverge_AndEditsMadeAtOnceOnAllThree_ReachEveryone()
    {
        var (a, b, c) = (_members.A, _members.B, _members.C);
        var org = await a.CreateOrgAsync("Clinic converge");
        await a.AddContactAsync(org, "Ada Lovelace", "+44 1");
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });

        var steps = await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });
        Assert.Matches("^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$", steps.Code);
        var joined = await b.JoinAsync(steps.Code, Password);
        Assert.Equal(JoinStage.Done, joined[^1].Stage);
        Assert.Equal(org, joined[^1].OrgId);
        Assert.Equal(
            [JoinStage.Claiming, JoinStage.Connecting],
            joined.Take(2).Select(s => s.Stage));
        var third = await c.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password);
        Assert.Equal(JoinStage.Done, third[^1].Stage);

        // The joined org carries the inviter's name and color, and is shared on every node.
        var atB = await b.Orgs.GetOrgAsync(new GetOrgRequest { Id = org });
        Assert.Equal("Clinic converge", atB.Name);
        Assert.True(atB.Shared);

        // All three edit at once: contacts, an event, a reminder.
        var eventId = (await a.Calendar.CreateEventAsync(new CreateEventRequest { OrgId = org, Event = new Event { Title = "Staff meeting", Start = "2027-01-04T09:00", End = "2027-01-04T10:00", TimeZone = "Europe/Paris" } })).Id;
        await Task.WhenAll(
            a.AddContactAsync(org, "Grace Hopper", "+1 2"),
            b.AddContactAsync(org, "Katherine Johnson", "+1 3"),
            c.AddContactAsync(org, "Hedy Lamarr", "+43 4"));
        await _wait.UntilAsync(async () => await b.CountEventsAsync(org) == 1 && await c.CountEventsAsync(org) == 1, "the event at B and C");
        await c.Reminders.CreateReminderAsync(new CreateReminderRequest { OrgId = org, EventId = eventId, LeadTime = Duration.FromTimeSpan(TimeSpan.FromMinutes(15)) });

        await _wait.ConvergedAsync(org, a, b, c);
        var snapshot = await a.SnapshotAsync(org);
        foreach (var name in new[] { "Ada Lovelace", "Grace Hopper", "Katherine Johnson", "Hedy Lamarr", "Staff meeting" })
        {
            Assert.Contains(name, snapshot, StringComparison.Ordinal);
        }

        Assert.Single((await a.Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = org })).Reminders);

        // Each member sees the other two, by display name, synced.
        var status = await _wait.StatusAsync(a, org, s => s.Peers.Count(p => p.State == PeerState.Synced) == 2);
        Assert.Equal(["B", "C"], status.Peers.Select(p => p.DisplayName).Order());
        Assert.Equal(OrgSyncState.Online, status.State);

        // And how each link travels: three nodes on one machine meet over their host candidates.
        Assert.All(status.Peers, p => Assert.Equal("direct, same network (local host, remote host)", p.Path));
    }

    [Fact]
    public async Task AShareCodeWorksOnce_AndAnUnknownCodeSaysSo()
    {
        var (a, b, c) = (_members.A, _members.B, _members.C);
        var org = await a.CreateOrgAsync("Clinic once");
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        var invite = await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });
        Assert.InRange(invite.ExpiresAt.ToDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.5));
        Assert.Equal(JoinStage.Done, (await b.JoinAsync(invite.Code.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal), Password))[^1].Stage);

        var again = await Assert.ThrowsAsync<RpcException>(() => c.JoinAsync(invite.Code, Password));
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        Assert.Contains("unknown, expired or already used", again.Status.Detail, StringComparison.Ordinal);
        var bogus = await Assert.ThrowsAsync<RpcException>(() => c.JoinAsync("ZZZZ-ZZZZ", Password));
        Assert.Equal(StatusCode.NotFound, bogus.StatusCode);
        var malformed = await Assert.ThrowsAsync<RpcException>(() => c.JoinAsync("not a code", Password));
        Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
        Assert.DoesNotContain((await c.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs, o => o.Id == org);

        var notShared = await a.CreateOrgAsync("Local only");
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = notShared }));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        var shortPassword = await Assert.ThrowsAsync<RpcException>(async () => await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = notShared, Password = "1234567" }));
        Assert.Equal(StatusCode.InvalidArgument, shortPassword.StatusCode);
    }

    [Fact]
    public async Task AWrongPassword_FailsTheJoin_LeavesNothing_AndTheMemberSentOnlyHandshakeBytes()
    {
        var (a, c) = (_members.A, _members.C);
        var org = await a.CreateOrgAsync("Clinic secret");
        await a.AddContactAsync(org, "Patient Zero", "+33 5");
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        var invite = await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org });

        var wrong = await Assert.ThrowsAsync<RpcException>(() => c.JoinAsync(invite.Code, "not the password at all"));
        Assert.Equal(StatusCode.PermissionDenied, wrong.StatusCode);
        await _wait.UntilAsync(async () => !(await c.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs.Any(o => o.Id == org), "the joined org gone from C");

        // What A sent that peer: a hello (11 bytes), a SPAKE2 share (66), a confirmation (33), perhaps a refusal; no sealed byte.
        var status = await _wait.StatusAsync(a, org, s => s.Peers.Any(p => p.State == PeerState.WrongPassword));
        var refused = status.Peers.First(p => p.State == PeerState.WrongPassword);
        Assert.InRange(refused.BytesOut, 1, 11 + 66 + 33 + 2 + 200);
        Assert.Equal("", refused.DisplayName);
    }

    [Fact]
    public async Task AMemberWhoLeaves_StopsTheFlowBothWays_AndTheOthersCarryOn()
    {
        var (a, b, c) = (_members.A, _members.B, _members.C);
        var org = await a.CreateOrgAsync("Clinic leave");
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        await b.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password);
        await c.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password);
        await c.AddContactAsync(org, "Before leaving", "+1 6");
        await _wait.ConvergedAsync(org, a, b, c);

        await c.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = org });
        Assert.DoesNotContain((await c.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs, o => o.Id == org);
        await _wait.StatusAsync(a, org, s => s.Peers.Count(p => p.State == PeerState.Synced) == 1);
        await a.AddContactAsync(org, "After leaving", "+1 7");
        await _wait.ConvergedAsync(org, a, b);
        Assert.Contains("Before leaving", await b.SnapshotAsync(org), StringComparison.Ordinal);
        Assert.DoesNotContain((await c.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs, o => o.Id == org);
    }

    [Fact]
    public async Task EditsMadeWhileMembersAreOffline_AllArrive_WhenTheyComeBack()
    {
        var (a, b, c) = (_members.A, _members.B, _members.C);
        var org = await a.CreateOrgAsync("Clinic offline");
        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        await b.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password);
        await c.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password);
        await _wait.ConvergedAsync(org, a, b, c);

        // B goes away; A and C edit; B comes back on the same disk and catches up, and its own edit made alone
        // (C and A away for a moment) reaches them when they return.
        await b.Node.StopAsync();
        await a.AddContactAsync(org, "Made while B was away", "+1 8");
        await c.AddContactAsync(org, "Also while B was away", "+1 9");
        await c.Node.StopAsync();
        await a.Node.StopAsync();
        await b.Node.RestartAsync();
        await b.AddContactAsync(org, "Made by B alone", "+1 10");
        await a.Node.RestartAsync();
        await c.Node.RestartAsync();

        await _wait.ConvergedAsync(org, a, b, c);
        var snapshot = await b.SnapshotAsync(org);
        foreach (var name in new[] { "Made while B was away", "Also while B was away", "Made by B alone" })
        {
            Assert.Contains(name, snapshot, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABigOrg_OverTenMiB_SyncsToANewMember()
    {
        var (a, b) = (_members.A, _members.B);
        var org = await a.CreateOrgAsync("Clinic big");
        // Four imports of 1,500 cards (each file under the node's 4 MiB message limit): about 13 MB of document, which
        // the new member gets as a step 2 of over 10 MiB, in pieces of 1 MiB.
        for (var part = 0; part < 4; part++)
        {
            var cards = string.Concat(Enumerable.Range(part * 1500, 1500).Select(i =>
                $"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Patient {i:D5}\r\nN:{i:D5};Patient;;;\r\nEMAIL;TYPE=work:patient{i}@example.org\r\nTEL;TYPE=cell:+33 6 00 00 {i:D5}\r\nNOTE:{new string('n', 2000)}\r\nEND:VCARD\r\n"));
            using var import = a.Contacts.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = Google.Protobuf.ByteString.CopyFromUtf8(cards) });
            await foreach (var _ in import.ResponseStream.ReadAllAsync())
            {
            }
        }

        await a.Sync.ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password });
        var joined = await b.JoinAsync((await a.Sync.CreateInviteAsync(new CreateInviteRequest { OrgId = org })).Code, Password);
        Assert.Equal(JoinStage.Done, joined[^1].Stage);
        await _wait.ConvergedAsync(org, a, b);
        var received = await _wait.StatusAsync(b, org, s => s.Peers.Any(p => p.State == PeerState.Synced));
        Assert.True(received.Peers.Max(p => p.BytesIn) > 10 * 1024 * 1024, "the sync carried the whole org (over 10 MiB)");
        Assert.Equal(6000, (await b.Contacts.ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 1 })).TotalSize);
    }
}
