namespace P2PClinic.Testing;

/// <summary>How a <see cref="TestNode"/> starts its node.</summary>
public sealed class TestNodeOptions
{
    /// <summary>The data directory; null creates a fresh temporary one that the node deletes when disposed.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Extra plugin directories (each holding plugin folders), passed as <c>--plugins-dir</c>.</summary>
    public IReadOnlyList<string> PluginDirectories { get; init; } = [];

    /// <summary>Whether the node loads the built-in plugins laid next to the host (<c>--no-builtin-plugins</c> when false).</summary>
    public bool LoadBuiltInPlugins { get; init; } = true;

    /// <summary>Origins allowed to call gRPC-web from a browser, passed as <c>--cors-origin</c>.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>More command-line arguments for the host.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Environment variables for the node process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives every line the node prints (stdout and stderr), e.g. <c>ITestOutputHelper.WriteLine</c>.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The host assembly to run; null uses the build output of <c>host/P2PClinic.Host</c>.</summary>
    public string? HostAssemblyPath { get; init; }

    /// <summary>How long to wait for the node to report it listens before giving up (a guard against hangs, not an assertion).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
