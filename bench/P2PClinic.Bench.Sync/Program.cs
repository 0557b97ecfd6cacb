#if !DEBUG
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Api.Sync.V1;
using P2PClinic.Bench.Calendar;
using P2PClinic.Bench.Contacts;
using P2PClinic.Bench.Sync;
using P2PClinic.Bench.WebRtc;
using P2PClinic.Testing;
#endif

// Sync benchmarks (issue 10). Every figure of one run is measured in this process, side by side:
//   1. initial sync of an org of N contacts + M events from node A to node B (real processes, the built-in WebRTC
//      transport on loopback, a real signaling server), against the same number of bytes over one raw data channel
//      of our stack and over bare TCP;
//   2. one edit on A until it is visible on both B and C (WatchOrgChanges on each), p50 and p99;
//   3. PBKDF2-HMAC-SHA256 at 600,000 iterations (the org-key derivation) in process, and ShareOrg as a user pays it.
#if DEBUG
await Console.Error.WriteLineAsync("error: build the benchmarks in Release: dotnet run -c Release --project bench/P2PClinic.Bench.Sync").ConfigureAwait(false);
return 2;
#else
SyncBenchOptions options;
try
{
    options = SyncBenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
    return 2;
}

const string Password = "correct horse battery staple";
var started = DateTimeOffset.UtcNow;
var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[0];
Log($"load average {loadBefore}; {options.Contacts} contacts, {options.Events} events, {options.Edits} edits, {options.Runs} runs");

await using var signaling = await SignalingServerProcess.StartAsync().ConfigureAwait(false);
var nodes = await Task.WhenAll(new[] { "A", "B", "C" }.Select(name => StartNodeAsync(name, signaling.Address))).ConfigureAwait(false);
await using var a = nodes[0];
await using var b = nodes[1];
await using var c = nodes[2];

// --- PBKDF2 ------------------------------------------------------------------------------------------------------
var pbkdf2 = new List<double>();
for (var i = 0; i < options.Runs + 1; i++)
{
    var clock = Stopwatch.StartNew();
    _ = Rfc2898DeriveBytes.Pbkdf2(Password, RandomNumberGenerator.GetBytes(16), 600_000, HashAlgorithmName.SHA256, 32);
    if (i > 0)
    {
        pbkdf2.Add(clock.Elapsed.TotalMilliseconds);
    }
}

var shareCalls = new List<double>();
for (var i = 0; i < options.Runs + 1; i++)
{
    var org = (await a.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "share " + i }).ConfigureAwait(false)).Id;
    var clock = Stopwatch.StartNew();
    await new SyncService.SyncServiceClient(a.Channel).ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password }).ConfigureAwait(false);
    if (i > 0)
    {
        shareCalls.Add(clock.Elapsed.TotalMilliseconds);
    }

    await a.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = org }).ConfigureAwait(false);
}

Log($"PBKDF2 600k: {Median(pbkdf2):0} ms in process, ShareOrg {Median(shareCalls):0} ms");

// --- initial sync ------------------------------------------------------------------------------------------------
var syncRuns = new List<InitialSync>();
for (var run = 1; run <= options.Runs; run++)
{
    var org = await SeedAsync(a, options, run).ConfigureAwait(false);
    await new SyncService.SyncServiceClient(a.Channel).ShareOrgAsync(new ShareOrgRequest { OrgId = org, Password = Password }).ConfigureAwait(false);
    var invite = await new SyncService.SyncServiceClient(a.Channel).CreateInviteAsync(new CreateInviteRequest { OrgId = org }).ConfigureAwait(false);
    var result = await JoinAsync(b, invite.Code, Password).ConfigureAwait(false);
    var status = await new SyncService.SyncServiceClient(b.Channel).GetSyncStatusAsync(new GetSyncStatusRequest { OrgId = org }).ConfigureAwait(false);
    var bytes = status.Peers.Sum(p => p.BytesIn);
    await CheckSameContactsAsync(a, b, org, options.Contacts).ConfigureAwait(false);
    syncRuns.Add(result with { BytesIn = bytes });
    var applying = AppliedMilliseconds(b, org);
    syncRuns[^1] = syncRuns[^1] with { ApplyingAtB = TimeSpan.FromMilliseconds(applying.Sum()), Pieces = applying.Count };
    Log($"initial sync run {run}: join {result.Total.TotalMilliseconds:0} ms (syncing→done {result.Syncing.TotalMilliseconds:0} ms, of which B applied and stored {applying.Count} pieces in {applying.Sum():0} ms), {bytes / 1e6:0.0} MB in at B");
    if (run < options.Runs)
    {
        await b.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = org }).ConfigureAwait(false);
        await a.Orgs.LeaveOrgAsync(new LeaveOrgRequest { Id = org }).ConfigureAwait(false);
    }
}

// The limits: the same bytes (rounded up to whole MiB) in the sync's own frame size (256 KiB) over one raw data
// channel of our stack and over bare TCP, both in this process.
var syncBytes = (long)syncRuns.Average(r => r.BytesIn);
var anchorSettings = new BenchSettings((int)Math.Ceiling(syncBytes / (1024.0 * 1024.0)), 256, 200, 1, []);
var raw = new List<double>();
var tcp = new List<double>();
for (var run = 0; run < options.Runs; run++)
{
    raw.Add(syncBytes / ((await CSharpBench.RunAsync(anchorSettings).ConfigureAwait(false)).ThroughputMBps * 1e6) * 1000);
    tcp.Add(syncBytes / ((await TcpBench.RunAsync(anchorSettings).ConfigureAwait(false)).ThroughputMBps * 1e6) * 1000);
}

Log($"anchors for {syncBytes / 1e6:0.0} MB: raw data channel {Median(raw):0} ms, TCP {Median(tcp):0.0} ms");

// --- edit latency to two peers -----------------------------------------------------------------------------------
var latencyOrg = (await a.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "latency" }).ConfigureAwait(false)).Id;
var contact = await new ContactService.ContactServiceClient(a.Channel).CreateContactAsync(new CreateContactRequest
{
    OrgId = latencyOrg,
    Contact = new Contact { DisplayName = "Edited often" },
}).ConfigureAwait(false);
await new SyncService.SyncServiceClient(a.Channel).ShareOrgAsync(new ShareOrgRequest { OrgId = latencyOrg, Password = Password }).ConfigureAwait(false);
foreach (var joiner in new[] { b, c })
{
    var code = (await new SyncService.SyncServiceClient(a.Channel).CreateInviteAsync(new CreateInviteRequest { OrgId = latencyOrg }).ConfigureAwait(false)).Code;
    await JoinAsync(joiner, code, Password).ConfigureAwait(false);
}

await WaitSyncedPeersAsync(a, latencyOrg, 2).ConfigureAwait(false);
var latencies = await EditLatency.MeasureAsync(a, [b, c], latencyOrg, contact.Id, options.Edits).ConfigureAwait(false);
var loadAfter = File.ReadAllText("/proc/loadavg").Split(' ')[0];

// --- report ------------------------------------------------------------------------------------------------------
var syncing = syncRuns.Select(r => r.Syncing.TotalMilliseconds).ToList();
var joins = syncRuns.Select(r => r.Total.TotalMilliseconds).ToList();
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Run {started:yyyy-MM-dd HH:mm} UTC, load average {loadBefore} before, {loadAfter} after; {Environment.ProcessorCount} cores; medians of {options.Runs} runs.");
report.AppendLine();
report.AppendLine("| measure | P2P Clinic | anchor (same run) | ratio |");
report.AppendLine("|---|---:|---:|---:|");
report.AppendLine(CultureInfo.InvariantCulture, $"| initial sync of {options.Contacts:N0} contacts + {options.Events:N0} events, A → B ({syncBytes / 1e6:0.0} MB): authenticated → synced and stored | {Median(syncing):0} ms | raw data channel, same bytes: {Median(raw):0} ms | {Median(syncing) / Median(raw):0.00}x |");
report.AppendLine(CultureInfo.InvariantCulture, $"| the same, against bare TCP | {Median(syncing):0} ms | bare TCP, same bytes: {Median(tcp):0.0} ms | {Median(syncing) / Median(tcp):0}x |");
report.AppendLine(CultureInfo.InvariantCulture, $"| of the initial sync: B applying and storing the pieces ({syncRuns[0].Pieces} of about 1 MiB) | {Median([.. syncRuns.Select(r => r.ApplyingAtB.TotalMilliseconds)]):0} ms | – | – |");
report.AppendLine(CultureInfo.InvariantCulture, $"| whole join as the user waits (claim, keys, connect, authenticate, sync) | {Median(joins):0} ms | – | – |");
report.AppendLine(CultureInfo.InvariantCulture, $"| one edit on A visible on both B and C, p50 / p99 of {options.Edits} | {Percentile(latencies, 0.5):0.0} / {Percentile(latencies, 0.99):0.0} ms | – | – |");
report.AppendLine(CultureInfo.InvariantCulture, $"| PBKDF2-HMAC-SHA256, 600,000 iterations | {Median(pbkdf2):0} ms in process | ShareOrg through the API: {Median(shareCalls):0} ms | – |");
Console.WriteLine();
Console.WriteLine(report);
return 0;

static async Task<TestNode> StartNodeAsync(string name, Uri signaling) =>
    await TestNode.StartAsync(new TestNodeOptions
    {
        ExtraArguments =
        [
            "--set", $"Plugins:p2pclinic.sync-webrtc:SignalingUrl={signaling}",
            "--set", "Plugins:p2pclinic.sync-webrtc:LoopbackOnly=true",
            "--set", "Plugins:p2pclinic.sync-webrtc:PresencePollInterval=00:00:01",
            "--set", $"Sync:DisplayName={name}",
            "--set", "Logging:LogLevel:Default=Warning",
            // Each applied piece with the time it took to apply and store (SyncLog.UpdateApplied), summed per sync.
            "--set", "Logging:LogLevel:P2PClinic.Sync=Debug",
        ],
    }).ConfigureAwait(false);

static async Task<string> SeedAsync(TestNode node, SyncBenchOptions options, int run)
{
    var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "bench sync " + run }).ConfigureAwait(false)).Id;
    using (var import = new ContactService.ContactServiceClient(node.Channel).ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFromUtf8(VcfCorpus.Build(options.Contacts)) }))
    {
        await foreach (var _ in import.ResponseStream.ReadAllAsync().ConfigureAwait(false))
        {
        }
    }

    using (var import = new CalendarService.CalendarServiceClient(node.Channel).ImportEvents(new ImportEventsRequest { OrgId = org, Icalendar = ByteString.CopyFromUtf8(IcsCorpus.Build(options.Events, recurringEvery: 10)) }))
    {
        await foreach (var _ in import.ResponseStream.ReadAllAsync().ConfigureAwait(false))
        {
        }
    }

    return org;
}

static async Task<InitialSync> JoinAsync(TestNode node, string code, string password)
{
    var clock = Stopwatch.StartNew();
    TimeSpan? syncing = null;
    using var call = new SyncService.SyncServiceClient(node.Channel).JoinOrg(new JoinOrgRequest { Code = code, Password = password });
    await foreach (var step in call.ResponseStream.ReadAllAsync().ConfigureAwait(false))
    {
        if (step.Stage == JoinStage.Syncing)
        {
            syncing = clock.Elapsed;
        }
        else if (step.Stage == JoinStage.Done)
        {
            var total = clock.Elapsed;
            return new InitialSync(total, total - (syncing ?? throw new InvalidOperationException("the join reported done without syncing")), 0);
        }
        else if (step.Stage == JoinStage.WaitingForMember)
        {
            throw new InvalidOperationException("the join found no member: " + step.Message);
        }
    }

    throw new InvalidOperationException("the join stream ended before done");
}

static async Task CheckSameContactsAsync(TestNode a, TestNode b, string org, int expected)
{
    var count = (await new ContactService.ContactServiceClient(b.Channel).ListContactsAsync(new ListContactsRequest { OrgId = org, PageSize = 1 }).ConfigureAwait(false)).TotalSize;
    if (count != expected)
    {
        throw new InvalidOperationException($"B holds {count} contacts after the sync, A {expected}");
    }
}

static async Task WaitSyncedPeersAsync(TestNode node, string org, int peers)
{
    var sync = new SyncService.SyncServiceClient(node.Channel);
    for (var i = 0; i < 600; i++)
    {
        var status = await sync.GetSyncStatusAsync(new GetSyncStatusRequest { OrgId = org }).ConfigureAwait(false);
        if (status.Peers.Count(p => p.State == PeerState.Synced) >= peers)
        {
            return;
        }

        await Task.Delay(100).ConfigureAwait(false);
    }

    throw new InvalidOperationException($"A did not see {peers} synced peers");
}

static List<double> AppliedMilliseconds(TestNode node, string org)
{
    var orgId = Guid.Parse(org).ToString();
    return
    [
        .. node.Output.Split('\n')
            .Where(l => l.Contains(orgId, StringComparison.Ordinal) && l.Contains("applied and stored", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"in (?<ms>[0-9.]+) ms"))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups["ms"].Value, CultureInfo.InvariantCulture)),
    ];
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}

static void Log(string line) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
#endif
