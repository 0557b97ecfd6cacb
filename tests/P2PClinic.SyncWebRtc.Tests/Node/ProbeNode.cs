using Grpc.Core;
using P2PClinic.SyncWebRtc.Tests.Infrastructure;
using P2PClinic.Testing;
using P2PClinic.Tests.TransportProbe.V1;

namespace P2PClinic.SyncWebRtc.Tests.Node;

/// <summary>
/// A real node process with its built-in plugins (sync-webrtc among them) and the transport probe (laid out by this
/// project's build), configured the two ways an operator would: the signaling server with <c>--set</c> on the
/// command line, the tuning through environment variables; driven through the probe's gRPC API.
/// </summary>
internal sealed class ProbeNode : IAsyncDisposable
{
    private const string Section = "Plugins__p2pclinic.sync-webrtc__";

    private readonly List<(CancellationTokenSource Stop, Task Pump)> watches = [];

    private ProbeNode(TestNode node)
    {
        Node = node;
    }

    public TestNode Node { get; }

    public TransportProbe.TransportProbeClient Probe => new(Node.Channel);

    public static string PluginsDirectory => Path.Combine(AppContext.BaseDirectory, "transport-plugins");

    /// <summary>Settings for a test node: loopback only, quick polls, a lost peer noticed within seconds.</summary>
    public static Dictionary<string, string> Configuration()
    {
        var settings = new Dictionary<string, string>
        {
            [Section + "LoopbackOnly"] = "true",
            [Section + "PresencePollInterval"] = "00:00:00.500",
            [Section + "DisconnectedTimeout"] = "00:00:03",
            [Section + "FailedTimeout"] = "00:00:06",
            [Section + "ReconnectDelay"] = "00:00:00.500",
            [Section + "MaxReconnectDelay"] = "00:00:04",
        };
        return settings;
    }

    public static async Task<ProbeNode> StartAsync(Uri? signalingUrl, Action<string>? log = null) =>
        new(await TestNode.StartAsync(new TestNodeOptions
        {
            // The transport is the node's built-in plugin, as a user runs it; only the probe comes from the tests.
            PluginDirectories = [PluginsDirectory],
            Environment = Configuration(),
            ExtraArguments = signalingUrl is null ? [] : ["--set", $"Plugins:p2pclinic.sync-webrtc:SignalingUrl={signalingUrl}"],
            Log = log,
        }));

    public async Task<string> JoinAsync(string roomId) =>
        (await Probe.JoinAsync(new JoinRequest { RoomId = roomId })).LocalPeerId;

    /// <summary>Follows the room's events (replayed from the join on) until the node goes away or this is disposed.</summary>
    public EventLog<ProbeEvent> Watch(string roomId)
    {
        var log = new EventLog<ProbeEvent>();
        var stop = new CancellationTokenSource();
        var call = Probe.WatchEvents(new WatchEventsRequest { RoomId = roomId }, cancellationToken: stop.Token);
        var pump = Task.Run(async () =>
        {
            using (call)
            {
                try
                {
                    await foreach (var e in call.ResponseStream.ReadAllAsync(stop.Token))
                    {
                        log.Add(e);
                    }
                }
                catch (RpcException)
                {
                    // the node stopped or was killed
                }
                catch (OperationCanceledException)
                {
                    // disposed
                }
            }
        });
        watches.Add((stop, pump));
        return log;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, pump) in watches)
        {
            await stop.CancelAsync();
            await pump;
            stop.Dispose();
        }

        await Node.DisposeAsync();
    }
}
