namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// mulberry32, the same tiny seeded generator as tests/interop/lib/prng.mjs, so C# and Node
/// draw the same sequence from the same seed (the benchmarks link this file too).
/// </summary>
internal sealed class Mulberry32(uint seed)
{
    private uint state = seed;

    public uint Next()
    {
        unchecked
        {
            state += 0x6D2B79F5;
            var t = state;
            t = (t ^ (t >> 15)) * (t | 1);
            t ^= t + ((t ^ (t >> 7)) * (t | 61));
            return t ^ (t >> 14);
        }
    }

    /// <summary>An integer in [0, n), by multiply-shift (exact in JavaScript for n up to 2^21).</summary>
    public int Int(int n)
    {
        if (n is < 1 or > 2097152)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "needs 1 <= n <= 2^21, as the JavaScript twin");
        }

        return (int)(((ulong)Next() * (ulong)n) >> 32);
    }

    /// <summary>A double in [0, 1).</summary>
    public double Float() => Next() / 4294967296.0;

    public bool Chance(double p) => Float() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Int(items.Count)];

    /// <summary>Fisher-Yates, in place, drawing exactly as the JavaScript twin does.</summary>
    public T[] Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Int(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
