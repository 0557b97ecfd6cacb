using System.Globalization;
using System.Net;

namespace P2PClinic.Host.Hosting;

/// <summary>The node's command line. Every option may also come from the environment where noted.</summary>
internal static class NodeCommandLine
{
    /// <summary>The environment variables naming the data directory (the first set wins).</summary>
    public static readonly string[] DataDirectoryVariables = ["P2PCLINIC_DATA", "P2PCLINIC_DATA_DIR"];

    public const string Usage = """
        Usage: P2PClinic.Host [options]
          --data-dir <path>        data directory (default: $P2PCLINIC_DATA, $P2PCLINIC_DATA_DIR, or ~/.local/share/p2pclinic)
          --port <n>               HTTP/1.1 port for gRPC-web, JSON and /healthz (default 5080; 0 = any free port)
          --grpc-port <n>          HTTP/2 port for native gRPC (default 5081; 0 = any free port)
          --bind <address>         address to listen on (default 127.0.0.1; anything else exposes the API)
          --plugins-dir <path>     another directory of plugin folders (repeatable)
          --no-builtin-plugins     do not load the plugins laid next to the node
          --disable-plugin <id>    do not start this plugin (repeatable)
          --cors-origin <origin>   allow gRPC-web calls from this browser origin (repeatable)
          --log-requests           log one line per API request (method, path, status, time); none by default
          --listening-line         once ready, also print "P2PCLINIC-LISTENING http=<url> grpc=<url>" on stdout
                                   (for programs that start the node and read its addresses)
          --set <key>=<value>      a configuration setting, e.g. a plugin's (repeatable):
                                   --set Plugins:p2pclinic.sync-webrtc:SignalingUrl=https://signal.example.org
          --help                   show this help
        """;

    /// <summary>Parses the arguments.</summary>
    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="NodeUsageException">An option is unknown, lacks its value, or has a bad value.</exception>
    public static NodeOptions? Parse(IReadOnlyList<string> args, Func<string, string?> environment, string builtInPlugins)
    {
        string? dataDirectory = null;
        var httpPort = NodeOptions.DefaultHttpPort;
        var grpcPort = NodeOptions.DefaultGrpcPort;
        var bind = IPAddress.Loopback;
        var pluginDirs = new List<string>();
        var builtIn = true;
        var disabled = new HashSet<string>(StringComparer.Ordinal);
        var origins = new List<string>();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var logRequests = false;
        var listeningLine = false;
        for (var i = 0; i < args.Count; i++)
        {
            var option = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new NodeUsageException($"{option} needs a value");
            switch (option)
            {
                case "--help" or "-h":
                    return null;
                case "--data-dir":
                    dataDirectory = Value();
                    break;
                case "--port":
                    httpPort = Port(option, Value());
                    break;
                case "--grpc-port":
                    grpcPort = Port(option, Value());
                    break;
                case "--bind":
                    var address = Value();
                    bind = IPAddress.TryParse(address, out var parsed) ? parsed : throw new NodeUsageException($"--bind: '{address}' is not an IP address");
                    break;
                case "--plugins-dir":
                    pluginDirs.Add(Path.GetFullPath(Value()));
                    break;
                case "--no-builtin-plugins":
                    builtIn = false;
                    break;
                case "--disable-plugin":
                    disabled.Add(Value());
                    break;
                case "--cors-origin":
                    var origin = Value();
                    origins.Add(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                        ? origin.TrimEnd('/')
                        : throw new NodeUsageException($"--cors-origin: '{origin}' is not an http(s) origin"));
                    break;
                case "--log-requests":
                    logRequests = true;
                    break;
                case "--listening-line":
                    listeningLine = true;
                    break;
                case "--set":
                    var (key, value) = Setting(Value());
                    settings[key] = value;
                    break;
                default:
                    throw new NodeUsageException($"unknown option '{option}' (see --help)");
            }
        }

        if (httpPort != 0 && httpPort == grpcPort)
        {
            throw new NodeUsageException($"--port and --grpc-port must differ (both {httpPort}): HTTP/1.1 and cleartext HTTP/2 need their own ports");
        }

        dataDirectory ??= DataDirectoryVariables.Select(environment).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) ?? DefaultDataDirectory();
        return new NodeOptions
        {
            DataDirectory = Path.GetFullPath(dataDirectory),
            HttpPort = httpPort,
            GrpcPort = grpcPort,
            BindAddress = bind,
            PluginDirectories = builtIn ? [builtInPlugins, .. pluginDirs] : pluginDirs,
            DisabledPlugins = disabled,
            CorsOrigins = origins,
            Settings = settings,
            LogRequests = logRequests,
            ListeningLine = listeningLine,
        };
    }

    /// <summary>Splits <c>key=value</c> at the first '=': keys use ':' between sections, as in appsettings paths.</summary>
    private static (string Key, string Value) Setting(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || string.IsNullOrWhiteSpace(text[..equals]))
        {
            throw new NodeUsageException($"--set: '{text}' is not key=value (e.g. Plugins:p2pclinic.sync-webrtc:SignalingUrl=https://signal.example.org)");
        }

        return (text[..equals].Trim(), text[(equals + 1)..]);
    }

    private static int Port(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new NodeUsageException($"{option}: '{value}' is not a port number (0 to 65535)");

    /// <summary>
    /// A per-user location (<c>$XDG_DATA_HOME/p2pclinic</c>, usually <c>~/.local/share/p2pclinic</c>), not the
    /// working directory: <c>dotnet run</c> starts the node in its project folder, and the CLI must find the
    /// same directory (and its token) from wherever it is run.
    /// </summary>
    internal static string DefaultDataDirectory() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "p2pclinic");
}

/// <summary>The command line is wrong; the message says how.</summary>
internal sealed class NodeUsageException(string message) : Exception(message);
