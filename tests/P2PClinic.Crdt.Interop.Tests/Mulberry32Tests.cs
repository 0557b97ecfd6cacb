using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>The C# and JavaScript generators must draw the same sequence (benchmarks depend on it).</summary>
public sealed class Mulberry32Tests
{
    [Fact]
    public void Next_FromSeed42_MatchesTheJavaScriptTwin()
    {
        // Printed by: node -e "import('./lib/prng.mjs').then(({Mulberry32}) => { const r = new Mulberry32(42); console.log(r.next(), r.next(), r.next()) })"
        var rng = new Mulberry32(42);
        Assert.Equal([2581720956u, 1925393290u, 3661312704u], new[] { rng.Next(), rng.Next(), rng.Next() });
        Assert.Equal(1144304738u, new Mulberry32(0).Next());
    }

    [Fact]
    public async Task Sequence_OfIntsFloatsAndShuffles_MatchesTheJavaScriptTwin()
    {
        const string script = """
            import { Mulberry32 } from './lib/prng.mjs'
            const r = new Mulberry32(7)
            const out = []
            for (let i = 0; i < 200; i++) out.push(r.int(1 + i * 997))
            out.push(Math.floor(r.float() * 1e9))
            out.push(...r.shuffle([...Array(20).keys()]))
            console.log(out.join(','))
            """;
        var result = await NodeInterop.RunScriptAsync("--input-type=module", ["-e", script]);
        var rng = new Mulberry32(7);
        var expected = new List<long>();
        for (var i = 0; i < 200; i++)
        {
            expected.Add(rng.Int(1 + (i * 997)));
        }

        expected.Add((long)Math.Floor(rng.Float() * 1e9));
        expected.AddRange(rng.Shuffle(Enumerable.Range(0, 20).ToArray()).Select(x => (long)x));
        Assert.Equal(string.Join(',', expected), result.StandardOutput.Trim());
    }

    [Fact]
    public void Int_OutsideTheSharedRange_Throws()
    {
        var rng = new Mulberry32(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Int(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.Int(2097153));
    }
}
