using System.Globalization;
using P2PClinic.Client;

namespace P2PClinic.Launcher;

/// <summary>The launcher's command line: ports of the three processes, the node's data directory, which signaling server.</summary>
internal sealed record LaunchOptions
{
    public const string Usage = """
        Usage: dotnet run --project tools/P2PClinic.Launcher -- [options]
          --data-dir <path>        the node's data directory (default: $P2PCLINIC_DATA, or ~/.local/share/p2pclinic)
          --web-port <n>           the web app's port, the address to open (default 5090; 0 = any free port)
          --node-port <n>          the node's HTTP/1.1 API port (default 5080)
          --node-grpc-port <n>     the node's native gRPC port (default 5081)
          --signaling-port <n>     the local signaling server's port (default 5070)
          --signaling-url <url>    use this signaling server (e.g. a shared one) instead of starting one
          --set <key>=<value>      a node setting, passed on as the node's own --set (repeatable),
                                   e.g. --set Sync:DisplayName=Ana
          --verbose                also print what the three processes log
          --help                   show this help
        Everything listens on 127.0.0.1 only. Ctrl+C stops everything.
        """;

    public string DataDirectory { get; init; } = NodeDefaults.DataDirectory;

    public int WebPort { get; init; } = 5090;

    public int NodePort { get; init; } = 5080;

    public int NodeGrpcPort { get; init; } = 5081;

    public int SignalingPort { get; init; } = 5070;

    public Uri? SignalingUrl { get; init; }

    public bool Verbose { get; init; }

    /// <summary>Node settings (<c>key=value</c>) handed to the node's own <c>--set</c>, in order.</summary>
    public IReadOnlyList<string> NodeSettings { get; init; } = [];

    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="ArgumentException">An option is unknown or has a bad value; the message says which.</exception>
    public static LaunchOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new LaunchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{option} needs a value");
            options = option switch
            {
                "--help" or "-h" => null,
                "--data-dir" => options with { DataDirectory = Path.GetFullPath(Value()) },
                "--web-port" => options with { WebPort = Port(option, Value()) },
                "--node-port" => options with { NodePort = Port(option, Value()) },
                "--node-grpc-port" => options with { NodeGrpcPort = Port(option, Value()) },
                "--signaling-port" => options with { SignalingPort = Port(option, Value()) },
                "--signaling-url" => options with { SignalingUrl = Url(option, Value()) },
                "--verbose" => options with { Verbose = true },
                "--set" => options with { NodeSettings = [.. options.NodeSettings, Setting(option, Value())] },
                _ => throw new ArgumentException($"unknown option '{option}' (see --help)"),
            };
            if (options is null)
            {
                return null;
            }
        }

        return options;
    }

    private static int Port(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new ArgumentException($"{option}: '{value}' is not a port number (0 to 65535)");

    private static string Setting(string option, string value) =>
        value.IndexOf('=', StringComparison.Ordinal) > 0
            ? value
            : throw new ArgumentException($"{option}: '{value}' is not key=value");

    private static Uri Url(string option, string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"{option}: '{value}' is not an http:// or https:// address");
}
