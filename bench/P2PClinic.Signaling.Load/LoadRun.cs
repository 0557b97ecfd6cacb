using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using StackExchange.Redis;

namespace P2PClinic.Signaling.Load;

/// <summary>
/// One store's run: a mixed request loop (announce, list, post, drain) over many rooms, then long-poll wake-up
/// latency, then memory per active room in a fresh server process.
/// </summary>
internal sealed class LoadRun(LoadOptions options, string store)
{
    /// <summary>The request mix per room visit: every peer announces, one list, one post and the recipient's drain.</summary>
    private enum Step { Announce, List, Post, Drain }

    private static readonly Step[] Mix = [.. Enumerable.Repeat(Step.Announce, 5), Step.List, Step.Post, Step.Drain];

    public async Task RunAsync()
    {
        Console.WriteLine($"## {store} store: {options.Rooms} rooms x {options.PeersPerRoom} peers, {options.Concurrency} concurrent requests");
        await using (var redis = store == "Redis" ? ChildProcess.StartRedis() : null)
        await using (var server = ChildProcess.StartSignaling(store, redis?.Port ?? 0, workstationGc: false))
        {
            using var http = Client(server.Port);
            await WaitHealthyAsync(http);
            var rooms = MakeRooms(options.Rooms);
            await PopulateAsync(http, rooms);
            await MixedLoopAsync(http, rooms);
            await WakeupLatencyAsync(http);
        }

        await MemoryPerRoomAsync();
        Console.WriteLine();
    }

    private async Task MixedLoopAsync(HttpClient http, Room[] rooms)
    {
        var latencies = Enum.GetValues<Step>().ToDictionary(s => s, _ => new List<double>[options.Concurrency]);
        var failures = 0;
        var issued = 0L;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var mine = Enum.GetValues<Step>().ToDictionary(s => s, _ => new List<double>());
            foreach (var step in mine.Keys)
            {
                latencies[step][worker] = mine[step];
            }

            while (clock.Elapsed < options.Duration)
            {
                var n = Interlocked.Increment(ref issued) - 1;
                if (n >= options.MaxRequests)
                {
                    break;
                }

                var visit = n / Mix.Length;
                var room = rooms[visit % rooms.Length];
                var slot = (int)(n % Mix.Length);
                var from = room.Peers[(int)(visit / rooms.Length % room.Peers.Length)];
                var to = room.Peers[(int)((visit / rooms.Length + 1) % room.Peers.Length)];
                var started = Stopwatch.GetTimestamp();
                using var response = Mix[slot] switch
                {
                    Step.Announce => await http.PutAsync($"/v1/rooms/{room.Token}/peers/{room.Peers[slot % room.Peers.Length]}", null),
                    Step.List => await http.GetAsync($"/v1/rooms/{room.Token}/peers"),
                    Step.Post => await http.PostAsJsonAsync($"/v1/rooms/{room.Token}/peers/{to}/mailbox", new { from, signal = Signal }),
                    _ => await http.PostAsync($"/v1/rooms/{room.Token}/peers/{to}/mailbox/drain?wait=0", null),
                };
                await response.Content.LoadIntoBufferAsync();
                mine[Mix[slot]].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;

        var all = latencies.Values.SelectMany(lists => lists.SelectMany(l => l)).ToList();
        Console.WriteLine($"mixed loop: {all.Count} requests in {elapsed.TotalSeconds:F1} s = {all.Count / elapsed.TotalSeconds:F0} requests/s, non-2xx: {failures}");
        Console.WriteLine($"| {store} | all | {all.Count / elapsed.TotalSeconds:F0} | {Percentile(all, 0.50):F2} | {Percentile(all, 0.99):F2} |");
        foreach (var (step, lists) in latencies)
        {
            var samples = lists.SelectMany(l => l).ToList();
            Console.WriteLine($"| {store} | {step.ToString().ToLowerInvariant()} | {samples.Count / elapsed.TotalSeconds:F0} | {Percentile(samples, 0.50):F2} | {Percentile(samples, 0.99):F2} |");
        }
    }

    /// <summary>A peer parked in a long poll; another posts to it; the time from the post until the poll answers.</summary>
    private async Task WakeupLatencyAsync(HttpClient http)
    {
        var room = MakeRooms(1)[0];
        foreach (var peer in room.Peers)
        {
            (await http.PutAsync($"/v1/rooms/{room.Token}/peers/{peer}", null)).EnsureSuccessStatusCode();
        }

        var samples = new List<double>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < options.WakeupSamples && clock.Elapsed < options.Duration; i++)
        {
            var poll = http.PostAsync($"/v1/rooms/{room.Token}/peers/{room.Peers[1]}/mailbox/drain?wait=25", null);
            // Give the poll time to park; a post that comes first is answered at once, which only flatters nobody.
            await Task.Delay(5);
            var started = Stopwatch.GetTimestamp();
            (await http.PostAsJsonAsync($"/v1/rooms/{room.Token}/peers/{room.Peers[1]}/mailbox", new { from = room.Peers[0], signal = Signal })).EnsureSuccessStatusCode();
            using var response = await poll;
            response.EnsureSuccessStatusCode();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"long-poll wake-up (post sent -> parked poll answered), {samples.Count} samples: p50 {Percentile(samples, 0.50):F2} ms, p99 {Percentile(samples, 0.99):F2} ms");
    }

    /// <summary>Server RSS (and Redis used_memory) before and after filling rooms, in a fresh server with workstation GC.</summary>
    private async Task MemoryPerRoomAsync()
    {
        await using var redis = store == "Redis" ? ChildProcess.StartRedis() : null;
        await using var server = ChildProcess.StartSignaling(store, redis?.Port ?? 0, workstationGc: true);
        using var http = Client(server.Port);
        await WaitHealthyAsync(http);
        ConnectionMultiplexer? redisClient = redis is null ? null : await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port},allowAdmin=true");

        // Warm every code path on rooms that are then left, so JIT and pools are in the baseline, not in the rooms.
        var warm = MakeRooms(50);
        await PopulateAsync(http, warm);
        foreach (var room in warm)
        {
            foreach (var peer in room.Peers)
            {
                (await http.DeleteAsync($"/v1/rooms/{room.Token}/peers/{peer}")).EnsureSuccessStatusCode();
            }
        }

        await Task.Delay(1000);
        var rssBefore = server.ResidentBytes();
        var redisBefore = redisClient is null ? 0 : await UsedMemoryAsync(redisClient, redis!.Port);

        var rooms = MakeRooms(options.MemoryRooms);
        await PopulateAsync(http, rooms);
        await Task.Delay(1000);
        var rssAfter = server.ResidentBytes();
        var redisAfter = redisClient is null ? 0 : await UsedMemoryAsync(redisClient, redis!.Port);

        Console.WriteLine(
            $"memory: {options.MemoryRooms} active rooms ({options.PeersPerRoom} peers, one {SignalBytes}-byte signal waiting each): "
            + $"server RSS {rssBefore / 1048576.0:F1} -> {rssAfter / 1048576.0:F1} MiB = {(rssAfter - rssBefore) / (double)options.MemoryRooms:F0} bytes/room"
            + (redisClient is null ? string.Empty : $"; redis used_memory {redisBefore / 1048576.0:F1} -> {redisAfter / 1048576.0:F1} MiB = {(redisAfter - redisBefore) / (double)options.MemoryRooms:F0} bytes/room"));
        if (redisClient is not null)
        {
            await redisClient.DisposeAsync();
        }
    }

    private const int SignalBytes = 600;

    /// <summary>About the size of a sealed SDP offer without candidates.</summary>
    private static readonly string Signal = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SignalBytes));

    private async Task PopulateAsync(HttpClient http, Room[] rooms)
    {
        using var gate = new SemaphoreSlim(options.Concurrency);
        await Task.WhenAll(rooms.Select(async room =>
        {
            await gate.WaitAsync();
            try
            {
                foreach (var peer in room.Peers)
                {
                    (await http.PutAsync($"/v1/rooms/{room.Token}/peers/{peer}", null)).EnsureSuccessStatusCode();
                }

                (await http.PostAsJsonAsync($"/v1/rooms/{room.Token}/peers/{room.Peers[1]}/mailbox", new { from = room.Peers[0], signal = Signal })).EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static async Task<long> UsedMemoryAsync(ConnectionMultiplexer redis, int port)
    {
        var info = await redis.GetServer("127.0.0.1", port).InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(kv => kv.Key == "used_memory").Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Room[] MakeRooms(int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new Room(
            Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)),
            [.. Enumerable.Range(0, options.PeersPerRoom).Select(_ => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)))]))];

    private HttpClient Client(int port) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency + 4, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"),
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }
    }

    private static double Percentile(List<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        samples.Sort();
        return samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(p * samples.Count) - 1)];
    }

    private sealed record Room(string Token, string[] Peers);
}
