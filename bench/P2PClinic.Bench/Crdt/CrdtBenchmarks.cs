using BenchmarkDotNet.Attributes;
using P2PClinic.Crdt;

namespace P2PClinic.Bench.Crdt;

/// <summary>BenchmarkDotNet micro-benchmarks of the workloads w1..w7 that leave their inputs untouched (one operation = one whole workload).</summary>
[MemoryDiagnoser]
public class CrdtBenchmarks
{
    private byte[] w1State = [];
    private Doc w1Doc = null!;
    private Doc w4Doc = null!;

    [GlobalSetup]
    public void Setup()
    {
        w1Doc = CrdtWorkloads.W1();
        w1State = CrdtWorkloads.Encode(w1Doc);
        w4Doc = CrdtWorkloads.W4(CrdtWorkloads.W3(w1State));
    }

    [Benchmark(Description = "w1: 10k contacts x 8 fields")]
    public Doc W1() => CrdtWorkloads.W1();

    [Benchmark(Description = "w2: encode the w1 doc")]
    public byte[] W2() => CrdtWorkloads.Encode(w1Doc);

    [Benchmark(Description = "w3: apply the w1 update")]
    public Doc W3() => CrdtWorkloads.W3(w1State);

    [Benchmark(Description = "w5: encode after w4")]
    public byte[] W5() => CrdtWorkloads.Encode(w4Doc);

    [Benchmark(Description = "w6: 100k text appends")]
    public Doc W6() => CrdtWorkloads.W6();

    [Benchmark(Description = "w7: 20k random text inserts")]
    public Doc W7() => CrdtWorkloads.W7();
}

/// <summary>w4 mutates the w1 doc, so every invocation gets a fresh copy made outside the measurement.</summary>
[MemoryDiagnoser]
[InvocationCount(1, 1)]
public class CrdtFieldUpdateBenchmark
{
    private byte[] w1State = [];
    private Doc fresh = null!;

    [GlobalSetup]
    public void Setup() => w1State = CrdtWorkloads.Encode(CrdtWorkloads.W1());

    [IterationSetup]
    public void FreshDoc() => fresh = CrdtWorkloads.W3(w1State);

    [Benchmark(Description = "w4: 100k field updates")]
    public Doc W4() => CrdtWorkloads.W4(fresh);
}
