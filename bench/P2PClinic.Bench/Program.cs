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
    // In-process by default: the out-of-process toolchain rebuilds the whole project graph per
    // run, which overran BenchmarkDotNet's 2-minute build timeout on the shared 2-core machine.
    // Pass --out-of-process to get BenchmarkDotNet's own default (separate, isolated processes).
    var outOfProcess = rest.Contains("--out-of-process");
    string[] arguments = [.. rest.Where(a => a != "--out-of-process")];
    if (!arguments.Contains("--filter"))
    {
        arguments = [.. arguments, "--filter", "*"];
    }

    if (!outOfProcess && !arguments.Contains("--inProcess"))
    {
        arguments = [.. arguments, "--inProcess"];
    }

    BenchmarkSwitcher.FromTypes([typeof(CrdtBenchmarks), typeof(CrdtFieldUpdateBenchmark)]).Run(arguments);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/P2PClinic.Bench -- crdt [--rounds N] [--warmup N] [--no-node]");
    Console.Error.WriteLine("       dotnet run -c Release --project bench/P2PClinic.Bench -- bdn [BenchmarkDotNet arguments]");
    return 1;
}
