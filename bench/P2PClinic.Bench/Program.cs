using BenchmarkDotNet.Running;
using P2PClinic.Bench.Crdt;

// crdt: the plain side-by-side runner (C# then yjs on Node, medians and ratios).
// bdn:  the BenchmarkDotNet micro-benchmarks of the same workloads (arguments pass through).
return args.FirstOrDefault() switch
{
    "crdt" => await SideBySideRunner.RunAsync(args[1..]),
    "bdn" => RunBenchmarkDotNet(args[1..]),
    _ => Usage(),
};

static int RunBenchmarkDotNet(string[] rest)
{
    BenchmarkSwitcher.FromTypes([typeof(CrdtBenchmarks), typeof(CrdtFieldUpdateBenchmark)]).Run(rest.Length > 0 ? rest : ["--filter", "*"]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/P2PClinic.Bench -- crdt [--rounds N] [--warmup N] [--no-node]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/P2PClinic.Bench -- bdn [BenchmarkDotNet arguments]");
    return 1;
}
