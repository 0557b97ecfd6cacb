using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace P2PClinic.Bench.Crdt;

/// <summary>
/// Runs w1..w7 on the C# engine, then the same workloads on yjs (bench/yjs/crdt-bench.mjs), and
/// prints both medians and their ratio as a Markdown table, with a check that w2 and w5 encode
/// to the same bytes on both sides. Exit code 3 when the encodings differ.
/// </summary>
internal static class SideBySideRunner
{
    private static readonly string[] Names = ["w1", "w2", "w3", "w4", "w5", "w6", "w7"];

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["w1"] = "10,000 contacts x 8 string fields, 1 txn each",
        ["w2"] = "EncodeStateAsUpdate of the w1 doc",
        ["w3"] = "ApplyUpdate of w2's update to a fresh doc",
        ["w4"] = "100,000 single-field updates on random contacts",
        ["w5"] = "EncodeStateAsUpdate after w4",
        ["w6"] = "100,000 one-character appends to a YText",
        ["w7"] = "20,000 one-character inserts at random positions",
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = Option(args, "--rounds", 5);
        var warmup = Option(args, "--warmup", 1);
        var withNode = !args.Contains("--no-node");

        Console.Error.WriteLine($"C#: {warmup} warm-up + {rounds} measured rounds of w1..w7 ...");
        var (csharp, check, allocated) = MeasureCSharp(rounds, warmup);
        var heldByW1 = HeapHeldByW1();
        JsonElement? node = null;
        if (withNode)
        {
            Console.Error.WriteLine("yjs: the same rounds on Node ...");
            node = await RunNodeAsync(rounds, warmup);
        }

        var output = new StringBuilder();
        output.AppendLine(CultureInfo.InvariantCulture, $"| workload | what | C# {Environment.Version} (ms) | {(node is { } n1 ? $"yjs {n1.GetProperty("yjs").GetString()} on {n1.GetProperty("runtime").GetString()} (ms)" : "yjs (not run)")} | yjs / C# |");
        output.AppendLine("|---|---|---:|---:|---:|");
        foreach (var name in Names)
        {
            var ours = csharp[name];
            var theirs = node?.GetProperty("medianMs").GetProperty(name).GetDouble();
            output.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Descriptions[name]} | {ours:F1} | {(theirs is { } t ? t.ToString("F1", CultureInfo.InvariantCulture) : "-")} | {(theirs is { } t2 ? (t2 / ours).ToString("F2", CultureInfo.InvariantCulture) + "x" : "-")} |");
        }

        Console.WriteLine(output.ToString());
        // Allocation is deterministic (unlike time on a shared machine): bytes the workload's thread allocated, last round.
        Console.WriteLine("C# allocated (last round): " + string.Join(", ", Names.Select(n => $"{n} {allocated[n] / 1024.0 / 1024.0:F1} MiB")) + $"; w4 {allocated["w4"] / CrdtWorkloads.FieldUpdates} bytes per transaction (its random strings included)");
        var yjsHeap = node is { } n2 && n2.TryGetProperty("heapW1", out var h) && h.ValueKind == JsonValueKind.Number ? h.GetInt64() : (long?)null;
        Console.WriteLine($"Heap held by the w1 document (after a full GC): C# {heldByW1 / 1024.0 / 1024.0:F1} MiB (managed heap){(yjsHeap is { } y ? $", yjs {y / 1024.0 / 1024.0:F1} MiB (V8 heapUsed); yjs / C# {(double)y / heldByW1:F2}x" : "")}");
        Console.WriteLine($"C#  w2: {check.W2Bytes} bytes sha256 {check.W2Sha256[..16]}…, w5: {check.W5Bytes} bytes sha256 {check.W5Sha256[..16]}…");
        if (node is not { } yjs)
        {
            return 0;
        }

        Console.WriteLine($"yjs w2: {yjs.GetProperty("w2Bytes").GetInt32()} bytes sha256 {yjs.GetProperty("w2Sha256").GetString()![..16]}…, w5: {yjs.GetProperty("w5Bytes").GetInt32()} bytes sha256 {yjs.GetProperty("w5Sha256").GetString()![..16]}…");
        var same = yjs.GetProperty("w2Sha256").GetString() == check.W2Sha256
            && yjs.GetProperty("w5Sha256").GetString() == check.W5Sha256
            && yjs.GetProperty("w6Length").GetInt32() == check.W6Length
            && yjs.GetProperty("w7Sha256").GetString() == check.W7Sha256;
        Console.WriteLine(same
            ? "Both sides built the same documents: w2 and w5 are byte-identical, w6/w7 texts equal."
            : "MISMATCH: the two sides did not build the same documents (see bytes/hashes above).");
        return same ? 0 : 3;
    }

    private sealed record Check(int W2Bytes, string W2Sha256, int W5Bytes, string W5Sha256, int W6Length, string W7Sha256);

    private static (Dictionary<string, double> MedianMs, Check Check, Dictionary<string, long> Allocated) MeasureCSharp(int rounds, int warmup)
    {
        var samples = Names.ToDictionary(n => n, _ => new List<double>());
        var allocated = new Dictionary<string, long>();
        Check? check = null;
        for (var round = 0; round < warmup + rounds; round++)
        {
            // Start each round from a collected heap so one round's garbage does not bill the next.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var (t1, doc) = Time(CrdtWorkloads.W1);
            var (t2, update) = Time(() => CrdtWorkloads.Encode(doc));
            var (t3, _) = Time(() => CrdtWorkloads.W3(update));
            var (t4, updated) = Time(() => CrdtWorkloads.W4(doc));
            var (t5, update5) = Time(() => CrdtWorkloads.Encode(updated));
            var (t6, appended) = Time(CrdtWorkloads.W6);
            var (t7, inserted) = Time(CrdtWorkloads.W7);
            if (round >= warmup)
            {
                (double Ms, long Bytes)[] times = [t1, t2, t3, t4, t5, t6, t7];
                for (var i = 0; i < Names.Length; i++)
                {
                    samples[Names[i]].Add(times[i].Ms);
                    allocated[Names[i]] = times[i].Bytes;
                }
            }

            check = new Check(
                update.Length,
                Sha256(update),
                update5.Length,
                Sha256(update5),
                appended.GetText("t").Length,
                Sha256(Encoding.UTF8.GetBytes(inserted.GetText("t").ToString())));
        }

        return (samples.ToDictionary(p => p.Key, p => Median(p.Value)), check!, allocated);
    }

    /// <summary>
    /// The managed heap the w1 document holds: live bytes after a full blocking collection with the doc alive,
    /// minus the same before it was built (the yjs side measures V8's heapUsed the same way).
    /// </summary>
    private static long HeapHeldByW1()
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var doc = CrdtWorkloads.W1();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(doc);
        return after - before;
    }

    private static ((double Ms, long Bytes) Cost, T Result) Time<T>(Func<T> body)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        var result = body();
        return ((Stopwatch.GetElapsedTime(start).TotalMilliseconds, GC.GetAllocatedBytesForCurrentThread() - bytes), result);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant();

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static async Task<JsonElement> RunNodeAsync(int rounds, int warmup)
    {
        var directory = Path.Combine(RepositoryRoot(), "bench", "yjs");
        if (!Directory.Exists(Path.Combine(directory, "node_modules")))
        {
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], directory);
        }

        var stdout = await RunAsync("node", ["--expose-gc", "crdt-bench.mjs", "--rounds", rounds.ToString(CultureInfo.InvariantCulture), "--warmup", warmup.ToString(CultureInfo.InvariantCulture)], directory);
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static async Task<string> RunAsync(string fileName, string[] arguments, string directory)
    {
        var startInfo = new ProcessStartInfo(fileName) { WorkingDirectory = directory, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? stdout : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "P2PClinic.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmarks from the repository checkout (no P2PClinic.sln found above the binaries)");
    }
}
