using P2PClinic.Signaling.Load;

// Load benchmark of the signaling server (see docs/benchmarks.md). Run in Release:
//   dotnet run -c Release --project bench/P2PClinic.Signaling.Load -- --store both
var options = LoadOptions.Parse(args);
Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("| store | request | requests/s | p50 ms | p99 ms |");
foreach (var store in options.Stores)
{
    await new LoadRun(options, store).RunAsync();
}
