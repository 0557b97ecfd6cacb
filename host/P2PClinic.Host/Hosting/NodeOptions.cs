using System.Net;

namespace P2PClinic.Host.Hosting;

/// <summary>How this node runs: where its data lives, where it listens, which plugins it loads.</summary>
internal sealed class NodeOptions
{
    /// <summary>The HTTP/1.1 port (gRPC-web, JSON, health) when none is given; the CLI's default address uses it.</summary>
    public const int DefaultHttpPort = 5080;

    /// <summary>The cleartext HTTP/2 port (native gRPC) when none is given.</summary>
    public const int DefaultGrpcPort = 5081;

    /// <summary>The absolute data directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The address both listeners bind to: loopback unless configured otherwise.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The HTTP/1.1 port; 0 picks a free one (printed in the listening line).</summary>
    public int HttpPort { get; init; } = DefaultHttpPort;

    /// <summary>The HTTP/2 port; 0 picks a free one.</summary>
    public int GrpcPort { get; init; } = DefaultGrpcPort;

    /// <summary>Directories whose sub-folders are plugins, built-in first.</summary>
    public IReadOnlyList<string> PluginDirectories { get; init; } = [];

    /// <summary>Plugin ids not to start.</summary>
    public IReadOnlySet<string> DisabledPlugins { get; init; } = new HashSet<string>();

    /// <summary>Browser origins allowed to call gRPC-web (CORS); none by default.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary><c>--log-requests</c>: one log line per API request (method, path, status, time); none by default.</summary>
    public bool LogRequests { get; init; }

    /// <summary>
    /// <c>--listening-line</c>: once ready, also print the machine-readable <c>P2PCLINIC-LISTENING http=... grpc=...</c>
    /// line on stdout, for a program that starts the node and needs its addresses (ports may have been 0).
    /// </summary>
    public bool ListeningLine { get; init; }

    /// <summary>Configuration settings from <c>--set</c>; they win over appsettings.json and the environment.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
}
