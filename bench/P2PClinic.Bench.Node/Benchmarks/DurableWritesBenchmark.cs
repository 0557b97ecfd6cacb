using System.Diagnostics;
using System.Globalization;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Client;
using P2PClinic.Testing;

namespace P2PClinic.Bench.Node.Benchmarks;

/// <summary>
/// Durable writes per second through the API: each call returns only once the node has synced the
/// change to disk (the store writes with WAL sync), so this is a latency-bound loop, one call at a time,
/// plus the same load spread over several concurrent callers.
/// </summary>
internal static class DurableWritesBenchmark
{
    /// <summary>Renames one org <paramref name="writes"/> times in a row, each rename a durable metadata write.</summary>
    public static async Task<double> SequentialAsync(TestNode node, int writes, CancellationToken cancellationToken)
    {
        using var connection = Connect(node);
        var orgs = new OrgService.OrgServiceClient(connection.Channel);
        var org = await orgs.CreateOrgAsync(new CreateOrgRequest { Name = "bench sequential" }, cancellationToken: cancellationToken).ConfigureAwait(false);

        // Warm up the call path (JIT on both sides, the HTTP/2 connection) before timing.
        for (var i = 0; i < 20; i++)
        {
            await orgs.RenameOrgAsync(new RenameOrgRequest { Id = org.Id, Name = "warm " + i.ToString(CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < writes; i++)
        {
            await orgs.RenameOrgAsync(new RenameOrgRequest { Id = org.Id, Name = "name " + i.ToString(CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        return writes / watch.Elapsed.TotalSeconds;
    }

    /// <summary><paramref name="callers"/> callers each renaming their own org, <paramref name="writes"/> renames in all.</summary>
    public static async Task<double> ConcurrentAsync(TestNode node, int writes, int callers, CancellationToken cancellationToken)
    {
        using var connection = Connect(node);
        var orgs = new OrgService.OrgServiceClient(connection.Channel);
        var ids = new List<string>();
        for (var c = 0; c < callers; c++)
        {
            var org = await orgs.CreateOrgAsync(new CreateOrgRequest { Name = "bench caller " + c.ToString(CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            ids.Add(org.Id);
        }

        var perCaller = writes / callers;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(ids.Select(async id =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                await orgs.RenameOrgAsync(new RenameOrgRequest { Id = id, Name = "name " + i.ToString(CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);
        return perCaller * callers / watch.Elapsed.TotalSeconds;
    }

    private static NodeConnection Connect(TestNode node) =>
        NodeConnection.Create(new NodeConnectionOptions { Address = node.GrpcAddress, Token = node.Token, Transport = NodeTransport.Grpc });
}
