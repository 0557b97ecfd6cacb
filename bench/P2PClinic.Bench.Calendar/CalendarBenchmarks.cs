extern alias CalendarPlugin;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Recurrence;
using CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Storage;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ical.Net.DataTypes;
using P2PClinic.Api.Calendar.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;
using IcalCalendar = Ical.Net.Calendar;

namespace P2PClinic.Bench.Calendar;

/// <summary>
/// Measures, in one run: (1) importing a 10,000-event .ics through the API of a real node (wall time from request to
/// the last progress message, and the node's peak RSS from /proc), (2) listing one month of occurrences over 1,000
/// recurring events in-process through the plugin's <c>ICalendarOccurrences</c>, (3) the same through gRPC
/// <c>ListOccurrences</c>, and (4) Ical.Net's own <c>GetOccurrences</c> over the same 1,000 events as the anchor.
/// </summary>
internal static class CalendarBenchmarks
{
    /// <summary>Listings run before measuring: JIT tiering and the first compile of each event's rule.</summary>
    private const int WarmUp = 10;

    private static readonly DateTimeOffset MonthStart = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MonthEnd = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var recurringCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var import = Encoding.UTF8.GetBytes(IcsCorpus.Build(count, recurringEvery: 10));
        var recurring = IcsCorpus.Build(recurringCount, recurringEvery: 1);
        Console.WriteLine($"corpus: {count:N0} events ({count / 10:N0} recurring), {import.Length / 1024.0 / 1024.0:F2} MiB; month listing over {recurringCount:N0} recurring events, {rounds} rounds");

        MeasureDocumentWrites(import, rounds: 5);
        var anchor = MeasureIcalNet(recurring, rounds, "");
        var inProcess = await MeasureInProcessAsync(recurring, rounds).ConfigureAwait(false);

        // Both in-process sides once more, now that JIT tiering settled for both (the machine is shared and loaded).
        MeasureIcalNet(recurring, rounds, " again");
        var grpc = await MeasureNodeAsync(import, count, recurring, rounds).ConfigureAwait(false);
        if (anchor != inProcess || inProcess != grpc)
        {
            Console.WriteLine($"WARNING: occurrence counts differ: Ical.Net {anchor}, plugin {inProcess}, gRPC {grpc}");
        }

        return 0;
    }

    /// <summary>
    /// What storing costs without the node: the import's events (parsed and validated once) created in a fresh
    /// document in the import's batches, one transaction each; then the document's encoded size.
    /// </summary>
    private static void MeasureDocumentWrites(byte[] ics, int rounds)
    {
        var file = CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.ICalendar.IcsFile.Parse(Encoding.UTF8.GetString(ics));
        var now = DateTimeOffset.UtcNow;
        var events = file.Events.Select(block => CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.ICalendar.IcsEventReader.Read(block, file).Draft)
            .OfType<CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model.Event>()
            .Select(e => CalendarPlugin::P2PClinic.Plugins.Calendar.Internal.Model.EventValidator.Validate(e) with { Id = Guid.NewGuid().ToString("N"), CreatedAt = now, UpdatedAt = now })
            .ToList();
        var samples = new List<double>();
        var size = 0;
        for (var round = 0; round < rounds; round++)
        {
            var doc = new P2PClinic.Crdt.Doc();
            var watch = Stopwatch.StartNew();
            foreach (var chunk in events.Chunk(250))
            {
                doc.Transact(t =>
                {
                    foreach (var e in chunk)
                    {
                        EventDocument.Create(t, e);
                    }
                });
            }

            samples.Add(watch.Elapsed.TotalMilliseconds);
            size = doc.EncodeStateAsUpdate().Length;
        }

        Report($"store {events.Count:N0} events in a document (in-process, batches of 250); document {size:N0} bytes", samples);
    }

    /// <summary>Ical.Net alone: the events parsed once, then each month listing enumerates every event's occurrences in the range.</summary>
    private static int MeasureIcalNet(string ics, int rounds, string label)
    {
        var calendar = IcalCalendar.Load(ics)!;
        var from = new CalDateTime(MonthStart.UtcDateTime, CalDateTime.UtcTzId, true);
        var samples = new List<double>();
        var found = 0;
        for (var round = 0; round < rounds + WarmUp; round++)
        {
            var watch = Stopwatch.StartNew();
            found = 0;
            foreach (var e in calendar.Events)
            {
                found += e.GetOccurrences(from).TakeWhile(o => o.Period.StartTime.AsUtc < MonthEnd.UtcDateTime).Count();
            }

            if (round >= WarmUp)
            {
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Report($"Ical.Net GetOccurrences (anchor){label}, {found:N0} occurrences", samples);
        return found;
    }

    /// <summary>The plugin's ICalendarOccurrences over an in-memory document holding the imported events.</summary>
    private static async Task<int> MeasureInProcessAsync(string ics, int rounds)
    {
        var document = new BenchOrgDocument();
        var expander = new OccurrenceExpander();
        var calendar = new OrgCalendar(document, TimeProvider.System, expander);
        await EventImport.RunAsync(calendar, Encoding.UTF8.GetBytes(ics), _ => Task.CompletedTask, CancellationToken.None).ConfigureAwait(false);
        var occurrences = new CalendarOccurrences(expander);
        var samples = new List<double>();
        var found = 0;
        for (var round = 0; round < rounds + WarmUp; round++)
        {
            var watch = Stopwatch.StartNew();
            found = occurrences.ListOccurrences(document, MonthStart, MonthEnd).Count;
            if (round >= WarmUp)
            {
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Report($"plugin ICalendarOccurrences (in-process), {found:N0} occurrences", samples);

        // Its parts: reading the 1,000 events out of the document, and expanding them.
        var reads = new List<double>();
        var expansions = new List<double>();
        for (var round = 0; round < rounds + WarmUp; round++)
        {
            var watch = Stopwatch.StartNew();
            var events = document.Read(EventDocument.ReadAll);
            var read = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            var expanded = events.Sum(e => expander.Expand(document.OrgId, e, MonthStart, MonthEnd).Count());
            if (round >= WarmUp)
            {
                reads.Add(read);
                expansions.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        Report("  of which reading the events from the document", reads);
        Report("  of which expanding them", expansions);

        samples.Clear();
        for (var round = 0; round < rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            found = occurrences.ListOccurrences(document, MonthStart, MonthEnd).Count;
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        Report($"plugin ICalendarOccurrences (in-process) again, after the parts", samples);
        return found;
    }

    private static async Task<int> MeasureNodeAsync(byte[] import, int count, string recurring, int rounds)
    {
        await using var node = await TestNode.StartAsync().ConfigureAwait(false);
        var pid = node.ProcessId ?? throw new InvalidOperationException("the node is not running");
        var client = new CalendarService.CalendarServiceClient(node.Channel);
        var org = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Bench" })).Id;

        // Warm the plugin (first call loads its assembly and opens the document).
        await client.ListEventsAsync(new ListEventsRequest { OrgId = org });
        var rssBefore = Memory(pid, "VmRSS");
        var peakBefore = Memory(pid, "VmHWM");
        var watch = Stopwatch.StartNew();
        var last = await ImportAsync(client, org, import).ConfigureAwait(false);
        watch.Stop();
        if (last is not { Done: true } || last.Created != count)
        {
            throw new InvalidOperationException($"the import did not store every event: {last}");
        }

        Console.WriteLine($"node import: {count:N0} events in {watch.Elapsed.TotalSeconds:F2} s ({count / watch.Elapsed.TotalSeconds:N0} events/s)");
        Console.WriteLine($"node memory: RSS before import {rssBefore / 1048576.0:F0} MiB, peak RSS before {peakBefore / 1048576.0:F0} MiB, peak RSS after import {Memory(pid, "VmHWM") / 1048576.0:F0} MiB, RSS after {Memory(pid, "VmRSS") / 1048576.0:F0} MiB");

        var monthOrg = (await node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Bench month" })).Id;
        await ImportAsync(client, monthOrg, Encoding.UTF8.GetBytes(recurring)).ConfigureAwait(false);
        var request = new ListOccurrencesRequest { OrgId = monthOrg, From = Timestamp.FromDateTimeOffset(MonthStart), To = Timestamp.FromDateTimeOffset(MonthEnd), PageSize = 10_000 };
        var samples = new List<double>();
        var found = 0;
        for (var round = 0; round < rounds + WarmUp; round++)
        {
            var listing = Stopwatch.StartNew();
            var response = await client.ListOccurrencesAsync(request);
            found = response.Occurrences.Count;
            if (response.NextPageToken.Length > 0)
            {
                throw new InvalidOperationException("the month did not fit one page");
            }

            if (round >= WarmUp)
            {
                samples.Add(listing.Elapsed.TotalMilliseconds);
            }
        }

        Report($"ListOccurrences through gRPC (round trip), {found:N0} occurrences", samples);

        // The same expansion with a one-occurrence page: what the node spends expanding, without the transfer.
        var small = request.Clone();
        small.PageSize = 1;
        var expandOnly = new List<double>();
        for (var round = 0; round < rounds + WarmUp; round++)
        {
            var listing = Stopwatch.StartNew();
            await client.ListOccurrencesAsync(small);
            if (round >= WarmUp)
            {
                expandOnly.Add(listing.Elapsed.TotalMilliseconds);
            }
        }

        Report("ListOccurrences through gRPC, page of 1 (expansion without the transfer)", expandOnly);
        return found;
    }

    private static async Task<ImportEventsProgress?> ImportAsync(CalendarService.CalendarServiceClient client, string org, byte[] ics)
    {
        using var call = client.ImportEvents(new ImportEventsRequest { OrgId = org, Icalendar = ByteString.CopyFrom(ics) });
        ImportEventsProgress? last = null;
        await foreach (var progress in call.ResponseStream.ReadAllAsync())
        {
            last = progress;
        }

        return last;
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
        Console.WriteLine($"{what}: {samples.Count} listings, p50 {At(0.50):F1} ms, p90 {At(0.90):F1} ms, min {samples[0]:F1} ms, max {samples[^1]:F1} ms");
    }
}
