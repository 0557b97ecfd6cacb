using P2PClinic.Bench.Node;
using P2PClinic.Bench.Node.Anchors;

return args is [BareWebApp.Mode, var url]
    ? await BareWebApp.RunAsync(url).ConfigureAwait(false)
    : await NodeBenchmarks.RunAsync(args).ConfigureAwait(false);
