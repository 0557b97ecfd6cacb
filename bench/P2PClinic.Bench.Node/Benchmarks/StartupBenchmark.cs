using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using P2PClinic.Api.Node.V1;
using P2PClinic.Bench.Node.Anchors;
using P2PClinic.Bench.Node.Internal;
using P2PClinic.Client;
using P2PClinic.Testing;

namespace P2PClinic.Bench.Node.Benchmarks;

/// <summary>One cold start: spawn to first answered call, then resident memory once idle.</summary>
internal sealed record StartMeasurement(TimeSpan ToFirstAnswer, long IdleResidentBytes);

/// <summary>
/// Node start to first answered call, and the idle node's memory, against a bare ASP.NET Core app
/// started and measured the same way.
/// </summary>
internal static class StartupBenchmark
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// Spawns a node with the built-in plugins on a fresh data directory, and times until a GetStatus
    /// call answers (TestNode waits for the node's "listening" line, then the call is made).
    /// </summary>
    public static async Task<StartMeasurement> MeasureNodeAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var node = await TestNode.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var connection = NodeConnection.Create(new NodeConnectionOptions { Address = node.GrpcAddress, Token = node.Token, Transport = NodeTransport.Grpc });
        await new NodeService.NodeServiceClient(connection.Channel)
            .GetStatusAsync(new GetStatusRequest(), cancellationToken: cancellationToken).ConfigureAwait(false);
        var toFirstAnswer = watch.Elapsed;

        await Task.Delay(settle, cancellationToken).ConfigureAwait(false);
        return new StartMeasurement(toFirstAnswer, ProcessMemory.ResidentBytes(node.ProcessId ?? throw new InvalidOperationException("the node exited")));
    }

    /// <summary>Spawns the bare web app (this program in its anchor mode) and polls GET / until it answers.</summary>
    public static async Task<StartMeasurement> MeasureBareWebAppAsync(TimeSpan settle, CancellationToken cancellationToken)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var watch = Stopwatch.StartNew();
        await using var process = Internal.ChildProcess.StartDotnet(typeof(StartupBenchmark).Assembly.Location, [BareWebApp.Mode, url]);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the bare web app exited:\n{process.Output}");
            }

            if (watch.Elapsed > GiveUpAfter)
            {
                throw new TimeoutException($"the bare web app did not answer within {GiveUpAfter}:\n{process.Output}");
            }

            try
            {
                using var response = await http.GetAsync("/", cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }

        var toFirstAnswer = watch.Elapsed;
        await Task.Delay(settle, cancellationToken).ConfigureAwait(false);
        return new StartMeasurement(toFirstAnswer, process.ResidentBytes());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
