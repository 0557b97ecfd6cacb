using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// How the CRDT properties run under CsCheck: with a seed that is logged before the run (taken
/// from <c>CsCheck_Seed</c> when set, so a logged or reported seed replays its case), with the
/// iteration count and history length scaled by <c>CRDT_PROPERTY_ITERATIONS</c> and
/// <c>CRDT_PROPERTY_STEPS</c> for the soak (tools/crdt-soak.sh),
/// and counting the cases that had something to check, so a generator that drifts to empty
/// histories fails instead of passing vacuously.
/// </summary>
internal sealed class PropertyRun(ITestOutputHelper output, string property)
{
    /// <summary>Cases per property in an ordinary test run.</summary>
    public const int DefaultIterations = 60;

    /// <summary>The share of cases that must have had something to check.</summary>
    public const double MinimumCheckedShare = 0.8;

    private int checkedCases;
    private int ranCases;

    /// <summary>The iteration count: <c>CRDT_PROPERTY_ITERATIONS</c> if set (the soak), else <see cref="DefaultIterations"/>.</summary>
    public static int Iterations => FromEnvironment("CRDT_PROPERTY_ITERATIONS", DefaultIterations);

    /// <summary>The most steps of a generated history: <c>CRDT_PROPERTY_STEPS</c> if set (the soak), else <paramref name="ordinary"/>.</summary>
    public static int Steps(int ordinary) => FromEnvironment("CRDT_PROPERTY_STEPS", ordinary);

    /// <summary>
    /// Samples <paramref name="gen"/>; <paramref name="check"/> asserts one case and returns false
    /// when the case had nothing to check (for instance a history without a single update).
    /// </summary>
    public void Sample<T>(Gen<T> gen, Func<T, bool> check)
    {
        var replayed = Environment.GetEnvironmentVariable("CsCheck_Seed");
        var seed = string.IsNullOrEmpty(replayed) ? (Soaking ? NewSeed() : FixedSeed(property)) : replayed;
        var iterations = Iterations;
        output.WriteLine($"{property}: {iterations} cases from seed {seed} (CsCheck_Seed={seed} replays the first, a failure prints its own seed)");
        gen.Sample(
            value =>
            {
                ranCases++;
                if (check(value))
                {
                    checkedCases++;
                }
            },
            writeLine: output.WriteLine,
            seed: seed,
            iter: iterations,
            threads: 1);
        output.WriteLine($"{property}: {checkedCases} of {ranCases} cases had something to check");

        // A seed from the environment replays one case; a whole run must mostly check something.
        var minimum = seed == replayed ? 1 : (int)Math.Ceiling(iterations * MinimumCheckedShare);
        Assert.True(checkedCases >= minimum, $"{property}: only {checkedCases} of {ranCases} cases had something to check (at least {minimum} must)");
    }

    private static int FromEnvironment(string name, int otherwise) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : otherwise;

    /// <summary>
    /// Whether random seeds are drawn: in the soak (tools/crdt-soak.sh sets <c>CRDT_PROPERTY_ITERATIONS</c>) or when
    /// <c>CRDT_PROPERTY_RANDOM=1</c>. An ordinary run uses one fixed seed per property, so CI is repeatable and a red
    /// run always means a changed engine, never a lucky draw; the soak is where new cases are explored.
    /// </summary>
    private static bool Soaking =>
        Environment.GetEnvironmentVariable("CRDT_PROPERTY_ITERATIONS") is { Length: > 0 } || Environment.GetEnvironmentVariable("CRDT_PROPERTY_RANDOM") == "1";

    /// <summary>A seed fixed per property name (FNV-1a of the name), the same on every machine.</summary>
    private static string FixedSeed(string property)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in property)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new PCG((uint)(hash >> 32), hash).ToString();
    }

    private static string NewSeed() => new PCG((uint)Random.Shared.Next(), (ulong)Random.Shared.NextInt64()).ToString();
}
