using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace P2PClinic.Bench.Node.Anchors;

/// <summary>
/// The anchor for start-up time and idle memory: the smallest ASP.NET Core app that answers HTTP on
/// loopback, started as its own process exactly as the node is. The node's numbers minus these are
/// what the node itself costs (plugins, RocksDB, gRPC).
/// </summary>
internal static class BareWebApp
{
    public const string Mode = "bare-web";

    public static async Task<int> RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
