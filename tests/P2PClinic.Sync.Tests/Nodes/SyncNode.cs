using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Reminders.V1;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Testing;

namespace P2PClinic.Sync.Tests.Nodes;

/// <summary>A real node process with the built-in plugins, its sync-webrtc transport pointed at a test signaling server (loopback only).</summary>
internal sealed class SyncNode : IAsyncDisposable
{
    private SyncNode(string name, TestNode node)
    {
        Name = name;
        Node = node;
    }

    public string Name { get; }

    public TestNode Node { get; }

    public OrgService.OrgServiceClient Orgs => new(Node.Channel);

    public SyncService.SyncServiceClient Sync => new(Node.Channel);

    public ContactService.ContactServiceClient Contacts => new(Node.Channel);

    public CalendarService.CalendarServiceClient Calendar => new(Node.Channel);

    public ReminderService.ReminderServiceClient Reminders => new(Node.Channel);

    public static async Task<SyncNode> StartAsync(string name, Uri signaling, Action<string> log) =>
        new(name, await TestNode.StartAsync(new TestNodeOptions
        {
            Log = line => log($"{name}: {line}"),
            ExtraArguments =
            [
                "--set", $"Plugins:p2pclinic.sync-webrtc:SignalingUrl={signaling}",
                "--set", "Plugins:p2pclinic.sync-webrtc:LoopbackOnly=true",
                "--set", "Plugins:p2pclinic.sync-webrtc:PresencePollInterval=00:00:01",
                "--set", "Plugins:p2pclinic.sync-webrtc:ReconnectDelay=00:00:00.200",
                // The floor the protocol allows: keys derive in a fraction of the default's time on a busy machine.
                "--set", "Sync:KeyIterations=100000",
                "--set", $"Sync:DisplayName={name}",
                "--set", "Sync:JoinWaitForMember=00:00:05",
                "--set", "Logging:LogLevel:Microsoft.AspNetCore=Warning",
            ],
        }));

    public async Task<string> CreateOrgAsync(string name) => (await Orgs.CreateOrgAsync(new CreateOrgRequest { Name = name })).Id;

    /// <summary>Joins with code + password; returns every progress message, or throws the node's error.</summary>
    public async Task<List<JoinProgress>> JoinAsync(string code, string password)
    {
        using var call = Sync.JoinOrg(new JoinOrgRequest { Code = code, Password = password });
        var steps = new List<JoinProgress>();
        await foreach (var step in call.ResponseStream.ReadAllAsync())
        {
            steps.Add(step);
        }

        return steps;
    }

    /// <summary>
    /// Everything of an org that a user sees, as one comparable text: every contact, event and reminder (all pages) with
    /// every field. Timestamps are part of it: they are document fields, so members agree on them too.
    /// </summary>
    public async Task<string> SnapshotAsync(string orgId)
    {
        var contacts = await AllPagesAsync(async token =>
        {
            var page = await Contacts.ListContactsAsync(new ListContactsRequest { OrgId = orgId, PageSize = 1000, PageToken = token });
            return (page.Contacts.Select(c => (c.Id, c.ToString())), page.NextPageToken);
        });
        var events = await AllPagesAsync(async token =>
        {
            var page = await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = orgId, PageSize = 1000, PageToken = token });
            return (page.Events.Select(e => (e.Id, e.ToString())), page.NextPageToken);
        });
        var reminders = await AllPagesAsync(async token =>
        {
            var page = await Reminders.ListRemindersAsync(new ListRemindersRequest { OrgId = orgId, PageSize = 1000, PageToken = token });
            return (page.Reminders.Select(r => (r.Id, r.ToString())), page.NextPageToken);
        });
        return string.Join("\n", ["contacts:", .. contacts, "events:", .. events, "reminders:", .. reminders]);
    }

    private static async Task<List<string>> AllPagesAsync(Func<string, Task<(IEnumerable<(string Id, string Text)> Items, string Next)>> read)
    {
        var items = new List<(string Id, string Text)>();
        var token = "";
        do
        {
            var (page, next) = await read(token);
            items.AddRange(page);
            token = next;
        }
        while (token.Length > 0);

        return [.. items.OrderBy(i => i.Id, StringComparer.Ordinal).Select(i => i.Text)];
    }

    public async Task AddContactAsync(string org, string name, string phone) =>
        await Contacts.CreateContactAsync(new CreateContactRequest
        {
            OrgId = org,
            Contact = new Contact { DisplayName = name, Phones = { new LabeledValue { Label = "cell", Value = phone } } },
        });

    public async Task<int> CountEventsAsync(string org) =>
        (await Calendar.ListEventsAsync(new ListEventsRequest { OrgId = org, PageSize = 1000 })).Events.Count;

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
