using System.Globalization;
using P2PClinic.Bench.Node.Anchors;
using P2PClinic.Bench.Node.Benchmarks;
using P2PClinic.Bench.Node.Internal;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Client;
using P2PClinic.Testing;

namespace P2PClinic.Bench.Node;

/// <summary>Runs every node benchmark with its anchor and reports them side by side.</summary>
internal static class NodeBenchmarks
{
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(3);
    private const int ConcurrentCallers = 8;
    private const int AnchorPayloadBytes = 128;

    public static async Task<int> RunAsync(string[] args)
    {
#if DEBUG
        await Console.Error.WriteLineAsync("error: build the benchmarks in Release: dotnet run -c Release --project bench/P2PClinic.Bench.Node").ConfigureAwait(false);
        return 2;
#else
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args, TestNode.RepositoryRoot);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message).ConfigureAwait(false);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        var ct = cancellation.Token;
        var machine = MachineInfo.Read();
        var when = DateTimeOffset.UtcNow;
        Log($"machine: {machine.CpuModel}, {machine.Cores} cores, {machine.Memory}");

        var results = new List<BenchmarkResult>();
        results.AddRange(await StartAndMemoryAsync(options.Runs, ct).ConfigureAwait(false));
        results.Add(await OrgOpenAsync(options.Contacts, options.Runs, ct).ConfigureAwait(false));
        results.AddRange(await DurableWritesAsync(options.Writes, ct).ConfigureAwait(false));

        var section = BenchmarkReport.Render(machine, when, results, Method(options));
        Console.WriteLine();
        Console.WriteLine(section);
        if (options.DocsFile is { } docs)
        {
            BenchmarkReport.WriteInto(docs, section);
            Log($"wrote the Node section of {docs}");
        }

        return 0;
#endif
    }

    private static async Task<IEnumerable<BenchmarkResult>> StartAndMemoryAsync(int runs, CancellationToken ct)
    {
        // One discarded start of each warms the OS file cache and this process's own client code.
        Log("start: warm-up");
        await StartupBenchmark.MeasureNodeAsync(TimeSpan.Zero, ct).ConfigureAwait(false);
        await StartupBenchmark.MeasureBareWebAppAsync(TimeSpan.Zero, ct).ConfigureAwait(false);

        var node = new List<StartMeasurement>();
        var bare = new List<StartMeasurement>();
        for (var run = 1; run <= runs; run++)
        {
            // Interleaved, so a burst of load from elsewhere on the machine hits both sides alike.
            node.Add(await StartupBenchmark.MeasureNodeAsync(IdleSettle, ct).ConfigureAwait(false));
            bare.Add(await StartupBenchmark.MeasureBareWebAppAsync(IdleSettle, ct).ConfigureAwait(false));
            Log($"start run {run}/{runs}: node {Ms(node[^1].ToFirstAnswer)} ({Mb(node[^1].IdleResidentBytes)}), bare app {Ms(bare[^1].ToFirstAnswer)} ({Mb(bare[^1].IdleResidentBytes)})");
        }

        var nodeStart = new Samples(node.Select(m => m.ToFirstAnswer.TotalMilliseconds));
        var bareStart = new Samples(bare.Select(m => m.ToFirstAnswer.TotalMilliseconds));
        var nodeRss = new Samples(node.Select(m => (double)m.IdleResidentBytes));
        var bareRss = new Samples(bare.Select(m => (double)m.IdleResidentBytes));
        return
        [
            new BenchmarkResult(
                "start to first answered call",
                $"{nodeStart.Median:0} ms",
                $"{bareStart.Median:0} ms",
                "a bare ASP.NET Core app (one GET route), spawned the same way",
                Invariant($"median of {runs} cold starts; node range {nodeStart.Min:0}–{nodeStart.Max:0} ms, bare {bareStart.Min:0}–{bareStart.Max:0} ms")),
            new BenchmarkResult(
                "memory of an idle node (RSS)",
                Mb((long)nodeRss.Median),
                Mb((long)bareRss.Median),
                "the same bare ASP.NET Core app, idle",
                Invariant($"built-in plugins loaded, no org; read from /proc {IdleSettle.TotalSeconds:0} s after the first answer; median of {runs}")),
        ];
    }

    private static async Task<BenchmarkResult> OrgOpenAsync(int contacts, int runs, CancellationToken ct)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("p2pclinic-bench-open-");
        try
        {
            Log($"org open: seeding {contacts} contacts");
            var seeded = await OrgOpenBenchmark.SeedAsync(dataDirectory.FullName, contacts, ct).ConfigureAwait(false);
            var withContacts = new List<double>();
            var empty = new List<double>();
            await using (var node = await TestNode.StartAsync(new TestNodeOptions { DataDirectory = dataDirectory.FullName }, ct).ConfigureAwait(false))
            {
                for (var run = 1; run <= runs; run++)
                {
                    if (run > 1)
                    {
                        // A fresh process each run: the document is rebuilt from the log, not found in memory.
                        await node.StopAsync(ct).ConfigureAwait(false);
                        await node.RestartAsync(ct).ConfigureAwait(false);
                    }

                    using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = node.GrpcAddress, Token = node.Token, Transport = NodeTransport.Grpc });
                    var orgs = new OrgService.OrgServiceClient(connection.Channel);
                    // Opening a third org first warms the call path (JIT, connection) so both timings below see it warm.
                    await OrgOpenBenchmark.TimeNodeOpenAsync(orgs, seeded.WarmUp, ct).ConfigureAwait(false);
                    empty.Add((await OrgOpenBenchmark.TimeNodeOpenAsync(orgs, seeded.Empty, ct).ConfigureAwait(false)).TotalMilliseconds);
                    withContacts.Add((await OrgOpenBenchmark.TimeNodeOpenAsync(orgs, seeded.Contacts, ct).ConfigureAwait(false)).TotalMilliseconds);
                    Log($"org open run {run}/{runs}: {contacts} contacts {withContacts[^1]:0.0} ms, empty org {empty[^1]:0.0} ms");
                }
            }

            for (var i = 0; i < 3; i++)
            {
                OrgOpenBenchmark.TimeInMemoryApply(seeded.ContactsState, contacts);
            }

            var inMemory = new Samples(Enumerable.Range(0, runs).Select(_ => OrgOpenBenchmark.TimeInMemoryApply(seeded.ContactsState, contacts).TotalMilliseconds));
            var open = new Samples(withContacts);
            var openEmpty = new Samples(empty);
            return new BenchmarkResult(
                Invariant($"open an org doc of {contacts:N0} contacts after a restart"),
                Invariant($"{open.Median:0} ms"),
                Invariant($"{openEmpty.Median:0.0} ms"),
                "opening an empty org the same way, same node process",
                Invariant($"WatchOrgChanges until its response headers (the doc is rebuilt from the RocksDB log first); {seeded.ContactsState.Length / 1024.0:0} KiB of state; the CRDT alone applies it in memory in {inMemory.Median:0} ms; median of {runs}, range {open.Min:0}–{open.Max:0} ms"));
        }
        finally
        {
            dataDirectory.Delete(recursive: true);
        }
    }

    private static async Task<IEnumerable<BenchmarkResult>> DurableWritesAsync(int writes, CancellationToken ct)
    {
        Log($"durable writes: {writes} through the API");
        await using var node = await TestNode.StartAsync(cancellationToken: ct).ConfigureAwait(false);
        var sequential = await DurableWritesBenchmark.SequentialAsync(node, writes, ct).ConfigureAwait(false);
        var concurrent = await DurableWritesBenchmark.ConcurrentAsync(node, writes, ConcurrentCallers, ct).ConfigureAwait(false);

        // The anchor writes to the same filesystem as the node's data directory (both under the temp folder).
        var anchorDirectory = Directory.CreateTempSubdirectory("p2pclinic-bench-rocksdb-");
        double raw;
        try
        {
            raw = RocksDbSyncedWrites.WritesPerSecond(anchorDirectory.FullName, writes, AnchorPayloadBytes);
        }
        finally
        {
            anchorDirectory.Delete(recursive: true);
        }

        Log($"durable writes: API {sequential:0}/s sequential, {concurrent:0}/s with {ConcurrentCallers} callers; raw RocksDB {raw:0}/s");
        return
        [
            new BenchmarkResult(
                "durable writes through the API, one caller",
                $"{sequential:0} /s",
                $"{raw:0} /s",
                Invariant($"raw RocksDB puts with WAL sync, one at a time, {AnchorPayloadBytes}-byte values, same disk"),
                Invariant($"{writes} RenameOrg calls over native gRPC, each returning after the node's synced write")),
            new BenchmarkResult(
                Invariant($"durable writes through the API, {ConcurrentCallers} callers"),
                $"{concurrent:0} /s",
                $"{raw:0} /s",
                "the same raw RocksDB loop",
                Invariant($"{writes} RenameOrg calls spread over {ConcurrentCallers} concurrent callers, each on its own org")),
        ];
    }

    private static string Method(BenchOptions options) => Invariant($"""
        How: the node is the Release build of `host/P2PClinic.Host`, started as its own process by `TestNode`
        (fresh data directory, random loopback ports, built-in plugins). Start time runs from spawning
        `dotnet P2PClinic.Host.dll` to the first answered `NodeService.GetStatus` call; the bare app is polled
        with GET / every 2 ms instead, since it prints no "listening" line. One discarded warm-up start of each
        precedes {options.Runs} interleaved measured runs. Durable writes are `OrgService.RenameOrg` calls (a
        synced RocksDB write of the org's metadata) issued one after another from one client.
        """);

    private static void Log(string message) => Console.Error.WriteLine("[bench] " + message);

    private static string Ms(TimeSpan time) => Invariant($"{time.TotalMilliseconds:0} ms");

    private static string Mb(long bytes) => Invariant($"{bytes / 1024.0 / 1024.0:0.0} MiB");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
