using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// How the mutation fuzz tests run: a fixed number of cases, each drawn from its own seed (the
/// run's seed and the case number), so any case replays alone with
/// <c>CRDT_FUZZ_SEED=S CRDT_FUZZ_CASE=N</c>; the engine runs on a worker thread while the test
/// thread watches that every input finishes. An input that has not finished after
/// <see cref="StallBound"/> fails the test (a hang on a peer's malformed update is a denial of
/// service) with the input saved to a file, instead of hanging the run. The bound is for "it
/// stalled", far above any real input's time even on a loaded machine, not a speed assertion.
/// </summary>
internal sealed class FuzzRun
{
    /// <summary>How long one input may run before the test calls it stalled.</summary>
    public static readonly TimeSpan StallBound = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private string currentWhat = "nothing yet";
    private byte[] currentInput = [];
    private long currentStarted = Stopwatch.GetTimestamp();
    private bool busy;
    private TimeSpan slowest;
    private string slowestWhat = "none";

    private FuzzRun(uint seed) => Seed = seed;

    /// <summary>The run's seed: <c>CRDT_FUZZ_SEED</c> if set (decimal or 0x hex), else the test's own.</summary>
    public uint Seed { get; }

    /// <summary>How many cases a run has: 1 with <c>CRDT_FUZZ_CASE</c>, <c>CRDT_FUZZ_CASES</c> if set (a longer hunt), else <paramref name="ordinary"/>.</summary>
    public static int Cases(int ordinary) =>
        OnlyCase is not null ? 1
        : int.TryParse(Environment.GetEnvironmentVariable("CRDT_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : ordinary;

    /// <summary>The one case to run when <c>CRDT_FUZZ_CASE</c> is set, else null (all of them).</summary>
    public static int? OnlyCase =>
        int.TryParse(Environment.GetEnvironmentVariable("CRDT_FUZZ_CASE"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The seed of one case: the run's seed and the case number mixed (splitmix-style), so neighbouring cases differ in every bit.</summary>
    public uint CaseSeed(int caseNumber)
    {
        unchecked
        {
            var z = ((ulong)Seed << 32) + (ulong)caseNumber + 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (uint)(z ^ (z >> 31));
        }
    }

    /// <summary>The replay line for a case, for failure messages.</summary>
    public string Replay(int caseNumber) => $"CRDT_FUZZ_SEED={Seed} CRDT_FUZZ_CASE={caseNumber}";

    /// <summary>
    /// Runs <see cref="Cases"/> cases of <paramref name="body"/> (or only <see cref="OnlyCase"/>)
    /// on a worker thread and returns the slowest input's description (for the test's output).
    /// </summary>
    public static string Run(uint defaultSeed, int cases, Action<FuzzRun, int> body)
    {
        var seed = ParseSeed(Environment.GetEnvironmentVariable("CRDT_FUZZ_SEED")) ?? defaultSeed;
        var run = new FuzzRun(seed);
        ExceptionDispatchInfo? failure = null;
        var worker = new Thread(() =>
        {
            try
            {
                if (OnlyCase is { } only)
                {
                    body(run, only);
                    return;
                }

                for (var i = 0; i < Cases(cases); i++)
                {
                    body(run, i);
                }
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true, // a stalled input must not keep the test host alive
            Name = "fuzz worker",
        };
        worker.Start();
        while (!worker.Join(TimeSpan.FromSeconds(1)))
        {
            if (run.Stalled() is { } stalled)
            {
                Assert.Fail(stalled);
            }
        }

        failure?.Throw();
        return $"seed {seed}, slowest input {run.slowest.TotalMilliseconds:F0} ms: {run.slowestWhat}";
    }

    /// <summary>Marks the start of one engine call on one input; <see cref="End"/> marks its end.</summary>
    public void Begin(string what, byte[] input)
    {
        lock (gate)
        {
            currentWhat = what;
            currentInput = input;
            currentStarted = Stopwatch.GetTimestamp();
            busy = true;
        }
    }

    public void End()
    {
        lock (gate)
        {
            busy = false;
            var took = Stopwatch.GetElapsedTime(currentStarted);
            if (took > slowest)
            {
                slowest = took;
                slowestWhat = currentWhat;
            }
        }
    }

    /// <summary>Runs one engine call on one input between <see cref="Begin"/> and <see cref="End"/>.</summary>
    public void Watch(string what, byte[] input, Action call)
    {
        Begin(what, input);
        try
        {
            call();
        }
        finally
        {
            End();
        }
    }

    private string? Stalled()
    {
        lock (gate)
        {
            var running = Stopwatch.GetElapsedTime(currentStarted);
            if (!busy || running < StallBound)
            {
                return null;
            }

            var file = Path.Combine(Path.GetTempPath(), $"p2pclinic-fuzz-stalled-{Guid.NewGuid():N}.bin");
            File.WriteAllBytes(file, currentInput);
            return $"{currentWhat} has not finished after {running.TotalSeconds:F0} s: the engine stalls on this input (saved as {file}, {currentInput.Length} bytes: {Bytes.Hex(currentInput, 0, 96)})";
        }
    }

    private static uint? ParseSeed(string? text) =>
        text is null or "" ? null
        : text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? uint.Parse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
        : uint.Parse(text, CultureInfo.InvariantCulture);
}
