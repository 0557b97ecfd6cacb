using System.Reflection;
using System.Text.RegularExpressions;

namespace P2PClinic.Launcher;

/// <summary>
/// Starts signaling server, node and web app in that order (each needs the one before), prints the address to open,
/// restarts a child that dies (on the same ports, so an open page reconnects), and stops them all in reverse order
/// when asked to.
/// </summary>
internal sealed partial class Launch : IAsyncDisposable
{
    /// <summary>The line tests and scripts wait for: the address to open in a browser.</summary>
    public const string OpenMarker = "P2PCLINIC-OPEN";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    private readonly LaunchOptions _options;
    private readonly Dictionary<string, ChildProcess> _children = [];
    private readonly Dictionary<string, Func<CancellationToken, Task>> _starters = [];
    private Uri? _signaling;
    private Uri? _node;
    private int _nodePort;
    private int _nodeGrpcPort;
    private int _webPort;

    public Launch(LaunchOptions options)
    {
        _options = options;
        _nodePort = options.NodePort;
        _nodeGrpcPort = options.NodeGrpcPort;
        _webPort = options.WebPort;
        _starters["signaling"] = StartSignalingAsync;
        _starters["node"] = StartNodeAsync;
        _starters["web"] = StartWebAsync;
    }

    /// <summary>Runs until <paramref name="stop"/> is cancelled, or until a child keeps failing to start.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        try
        {
            if (_options.SignalingUrl is null)
            {
                await StartSignalingAsync(stop);
            }
            else
            {
                _signaling = _options.SignalingUrl;
            }

            await StartNodeAsync(stop);
            await StartWebAsync(stop);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"p2pclinic-run: {e.Message}");
            return 1;
        }

        var web = new Uri($"http://127.0.0.1:{_webPort}/");
        Console.Out.WriteLine($"""

            P2P Clinic is running. Open {web} in your browser.
              web app    {web} (pid {_children["web"].Id})
              node       {_node} (native gRPC on port {_nodeGrpcPort}, pid {_children["node"].Id}), data in {_options.DataDirectory}
              signaling  {_signaling}{(_options.SignalingUrl is null ? $" (local, memory store, pid {_children["signaling"].Id})" : "")}
            Press Ctrl+C to stop everything.
            {OpenMarker} {web}
            """);
        Console.Out.Flush();

        return await SuperviseAsync(stop);
    }

    /// <summary>Stops the children, web app first (it is the node's client), signaling server last.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var name in new[] { "web", "node", "signaling" })
        {
            if (_children.Remove(name, out var child))
            {
                await child.DisposeAsync();
            }
        }
    }

    private async Task<int> SuperviseAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var exits = _children.Values.Select(async c => { await c.WaitForExitAsync(stop); return c; }).ToList();
            ChildProcess exited;
            try
            {
                exited = await await Task.WhenAny(exits);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"p2pclinic-run: the {exited.Name} stopped (exit code {exited.ExitCode}); starting it again on the same port");
            _children.Remove(exited.Name);
            await exited.DisposeAsync();
            try
            {
                await Task.Delay(RestartDelay, stop);
                await _starters[exited.Name](stop);
                Console.Out.WriteLine($"P2PCLINIC-RESTARTED {exited.Name} pid={_children[exited.Name].Id}");
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                await Console.Error.WriteLineAsync($"p2pclinic-run: could not start the {exited.Name} again, stopping everything: {e.Message}");
                return 1;
            }
        }

        return 0;
    }

    private async Task StartSignalingAsync(CancellationToken stop)
    {
        var port = _signaling?.Port ?? _options.SignalingPort;
        var child = Start("signaling", Metadata("P2PClinic.SignalingAssembly"), ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>
        {
            ["Signaling__Store"] = "Memory",
            // The plain console format has the "Now listening on" line this launcher reads the real port from.
            ["Logging__Console__FormatterName"] = "simple",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        }, ListeningOn());
        var ready = await child.WaitReadyAsync(StartTimeout, stop);
        _signaling = new Uri(ready.Groups["url"].Value);
    }

    private async Task StartNodeAsync(CancellationToken stop)
    {
        var child = Start("node", Metadata("P2PClinic.HostAssembly"),
        [
            "--data-dir", _options.DataDirectory,
            "--port", _nodePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--grpc-port", _nodeGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // The machine-readable line with the ports the node picked, printed once everything started.
            "--listening-line",
            "--set", $"Plugins:p2pclinic.sync-webrtc:SignalingUrl={_signaling!.ToString().TrimEnd('/')}",
            .. _options.NodeSettings.SelectMany(setting => new[] { "--set", setting }),
        ], new Dictionary<string, string>(), NodeListening());
        var ready = await child.WaitReadyAsync(StartTimeout, stop);
        _node = new Uri(ready.Groups["http"].Value);
        // Ports of 0 were picked by the node: keep them, so a restarted node is where the web app looks.
        _nodePort = _node.Port;
        _nodeGrpcPort = new Uri(ready.Groups["grpc"].Value).Port;
    }

    private async Task StartWebAsync(CancellationToken stop)
    {
        var child = Start("web", Metadata("P2PClinic.WebAssembly"),
        [
            "--node", _node!.ToString(),
            "--data-dir", _options.DataDirectory,
            "--listen", $"http://127.0.0.1:{_webPort}",
        ], new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, WebListening());
        var ready = await child.WaitReadyAsync(StartTimeout, stop);
        _webPort = new Uri(ready.Groups["url"].Value).Port;
    }

    private ChildProcess Start(string name, string assembly, string[] arguments, Dictionary<string, string> environment, Regex ready)
    {
        var child = ChildProcess.Start(name, assembly, arguments, environment, ready, _options.Verbose);
        _children[name] = child;
        return child;
    }

    private static string Metadata(string key) =>
        typeof(Launch).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == key).Value!;

    [GeneratedRegex(@"Now listening on: (?<url>http://[^\s""]+)")]
    private static partial Regex ListeningOn();

    [GeneratedRegex(@"^P2PCLINIC-LISTENING http=(?<http>\S+) grpc=(?<grpc>\S+)")]
    private static partial Regex NodeListening();

    [GeneratedRegex(@"^P2PCLINIC-WEB-LISTENING (?<url>\S+)")]
    private static partial Regex WebListening();
}
