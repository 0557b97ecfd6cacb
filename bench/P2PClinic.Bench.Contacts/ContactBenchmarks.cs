extern alias ContactsPlugin;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Search;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.VCard;
using Google.Protobuf;
using Grpc.Core;
using P2PClinic.Api.Contacts.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Crdt;
using P2PClinic.Storage;
using P2PClinic.Testing;
using Contact = ContactsPlugin::P2PClinic.Plugins.Contacts.Internal.Model.Contact;

namespace P2PClinic.Bench.Contacts;

/// <summary>
/// Measures, in one run: (1) importing a 10,000-card .vcf through the API of a real node (wall time from
/// request to the last progress message, and the node's peak RSS from /proc before and after), (2) the same
/// file read, mapped and validated in-process (the codec's share), (3) search latency over those 10,000
/// contacts through gRPC and (4) in the index alone.
/// </summary>
internal static class ContactBenchmarks
{
    private static readonly string[] Queries = ["muller", "nunez", "ana", "clinic", "ärzte", "example.org", "555", "zoe okafor", "brien", "patients", "lefevre 12", "xyz-no-match"];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var vcf = VcfCorpus.Build(count);
        var bytes = Encoding.UTF8.GetBytes(vcf);
        Console.WriteLine($"corpus: {count:N0} cards, {bytes.Length / 1024.0 / 1024.0:F2} MiB");

        var contacts = MeasureCodec(vcf);
        MeasureIndex(contacts, rounds);
        await MeasureNodeAsync(bytes, count, rounds).ConfigureAwait(false);
        return 0;
    }

    private static List<Contact> MeasureCodec(string vcf)
    {
        List<Contact> contacts = [];
        for (var run = 0; run < 3; run++)
        {
            GC.Collect();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            contacts = [.. VCardReader.ReadAll(vcf).Select(r => ContactValidator.Validate(VCardContactReader.ToContact(r.Card!)))];
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            Console.WriteLine($"codec run {run + 1}: read+map+validate {contacts.Count:N0} cards in {watch.Elapsed.TotalMilliseconds:F0} ms, allocated {allocated / 1024.0 / 1024.0:F1} MiB");
        }

        var write = Stopwatch.StartNew();
        var written = VCardWriter.WriteAll(contacts);
        write.Stop();
        Console.WriteLine($"codec: write {contacts.Count:N0} cards (4.0) in {write.Elapsed.TotalMilliseconds:F0} ms, {Encoding.UTF8.GetByteCount(written) / 1024.0 / 1024.0:F2} MiB");
        return [.. contacts.Select((c, i) => c with { Id = i.ToString("x32", CultureInfo.InvariantCulture) })];
    }

    private static void MeasureIndex(List<Contact> contacts, int rounds)
    {
        var index = new ContactIndex();
        var build = Stopwatch.StartNew();
        index.Reset(contacts);
        build.Stop();
        Console.WriteLine($"index: built over {index.Count:N0} contacts in {build.Elapsed.TotalMilliseconds:F0} ms");
        var samples = new List<double>();
        foreach (var _ in Enumerable.Range(0, 5))
        {
            index.Search(Queries[0], 50);
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in Queries)
            {
                var watch = Stopwatch.StartNew();
                index.Search(query, 50);
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Report("index search (in-process)", samples);
    }

    private static async Task MeasureNodeAsync(byte[] vcf, int count, int rounds)
    {
        await using var node = await TestNode.StartAsync().ConfigureAwait(false);
        var pid = node.ProcessId ?? throw new InvalidOperationException("the node is not running");
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Bench" })).Id;
        var contacts = new ContactService.ContactServiceClient(node.Channel);
        // Warm the plugin and the org's book (first call loads the assembly, opens the document).
        await contacts.ListContactsAsync(new ListContactsRequest { OrgId = org });
        var rssBefore = Memory(pid, "VmRSS");
        var peakBefore = Memory(pid, "VmHWM");

        var watch = Stopwatch.StartNew();
        using (var call = contacts.ImportContacts(new ImportContactsRequest { OrgId = org, Vcard = ByteString.CopyFrom(vcf) }))
        {
            ImportContactsProgress? last = null;
            var messages = 0;
            await foreach (var progress in call.ResponseStream.ReadAllAsync())
            {
                last = progress;
                messages++;
            }

            watch.Stop();
            if (last is not { Done: true } || last.Created != count)
            {
                throw new InvalidOperationException($"the import did not store every card: {last}");
            }

            Console.WriteLine($"node import: {count:N0} cards in {watch.Elapsed.TotalSeconds:F2} s ({count / watch.Elapsed.TotalSeconds:N0} cards/s), {messages} progress messages");
        }

        var peakAfter = Memory(pid, "VmHWM");
        Console.WriteLine($"node memory: RSS before import {rssBefore / 1048576.0:F0} MiB, peak RSS before {peakBefore / 1048576.0:F0} MiB, peak RSS after import {peakAfter / 1048576.0:F0} MiB, RSS after {Memory(pid, "VmRSS") / 1048576.0:F0} MiB");

        var samples = new List<double>();
        foreach (var query in Queries)
        {
            await contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = query });
        }

        for (var round = 0; round < rounds; round++)
        {
            foreach (var query in Queries)
            {
                var search = Stopwatch.StartNew();
                await contacts.SearchContactsAsync(new SearchContactsRequest { OrgId = org, Query = query });
                samples.Add(search.Elapsed.TotalMilliseconds);
            }
        }

        Report("search through gRPC (round trip)", samples);

        // The document's size as a peer would receive it in a first sync: the org's whole log merged into one
        // update, read from the stopped node's RocksDB the way the node reads it at open.
        await node.StopAsync().ConfigureAwait(false);
        using var store = DocumentStore.Open(node.DataDirectory);
        var log = store.Updates.Read(Guid.Parse(org));
        var document = YUpdate.Merge(log.Updates.Select(update => update.Update).ToList());
        Console.WriteLine($"document: {count:N0} contacts encode to {document.Length:N0} bytes ({document.Length / 1048576.0:F2} MiB) from {log.Updates.Count} logged updates");
    }

    private static long Memory(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no {field} in /proc/{pid}/status");
    }

    private static void Report(string what, List<double> samples)
    {
        samples.Sort();
        double At(double q) => samples[Math.Min(samples.Count - 1, (int)(q * samples.Count))];
        Console.WriteLine($"{what}: {samples.Count} queries, p50 {At(0.50):F3} ms, p90 {At(0.90):F3} ms, p99 {At(0.99):F3} ms, max {samples[^1]:F3} ms");
    }
}
