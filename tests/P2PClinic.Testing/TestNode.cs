using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Orgs.V1;

namespace P2PClinic.Testing;

/// <summary>
/// A real node for tests: the built host started as a child process (<c>dotnet P2PClinic.Host.dll</c>, the way a
/// user starts it) with its own data directory, on random loopback ports, waited for until it reports that it
/// listens. It can be killed with SIGKILL and restarted on the same data directory.
/// </summary>
public sealed partial class TestNode : IAsyncDisposable
{
    /// <summary>The line prefix the host prints once it serves, followed by its addresses, when started with <c>--listening-line</c> (as the harness does).</summary>
    public const string ListeningMarker = "P2PCLINIC-LISTENING";

    private readonly TestNodeOptions _options;
    private readonly bool _ownsDataDirectory;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private Process? _process;
    private GrpcChannel? _channel;

    private TestNode(TestNodeOptions options, string dataDirectory, bool ownsDataDirectory)
    {
        _options = options;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    /// <summary>The build output of the host this harness runs by default.</summary>
    public static string DefaultHostAssemblyPath => Metadata("P2PClinic.HostAssembly");

    /// <summary>The repository's root folder.</summary>
    public static string RepositoryRoot => Metadata("P2PClinic.RepositoryRoot");

    /// <summary>The node's data directory.</summary>
    public string DataDirectory { get; }

    /// <summary>The HTTP/1.1 address: gRPC-web, JSON transcoding and <c>/healthz</c>.</summary>
    public Uri HttpAddress { get; private set; } = null!;

    /// <summary>The cleartext HTTP/2 address: native gRPC.</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    /// <summary>The API token the node wrote into its data directory.</summary>
    public string Token { get; private set; } = "";

    /// <summary>The node's process id while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    /// <summary>Everything the node printed so far, across restarts.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A native gRPC channel (HTTP/2) carrying the node's token.</summary>
    public GrpcChannel Channel => _channel ??= CreateGrpcChannel();

    /// <summary>The org service over native gRPC, with the token.</summary>
    public OrgService.OrgServiceClient Orgs => new(Channel);

    /// <summary>The node service over native gRPC, with the token.</summary>
    public NodeService.NodeServiceClient Node => new(Channel);

    /// <summary>Starts a node and waits until it serves.</summary>
    /// <exception cref="TestNodeStartException">The node exited or did not report that it listens in time.</exception>
    public static async Task<TestNode> StartAsync(TestNodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TestNodeOptions();
        var owns = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Directory.CreateTempSubdirectory("p2pclinic-node-").FullName;
        var node = new TestNode(options, dataDirectory, owns);
        try
        {
            await node.LaunchAsync(cancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A native gRPC channel (HTTP/2) sending <paramref name="token"/> (the node's own by default; empty sends none).</summary>
    public GrpcChannel CreateGrpcChannel(string? token = null) =>
        GrpcChannel.ForAddress(GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler(),
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, TokenCredentials(token ?? Token)),
            UnsafeUseInsecureChannelCallCredentials = true,
        });

    /// <summary>A gRPC-web channel over HTTP/1.1 sending <paramref name="token"/> (the node's own by default; empty sends none).</summary>
    public GrpcChannel CreateGrpcWebChannel(string? token = null) =>
        GrpcChannel.ForAddress(HttpAddress, new GrpcChannelOptions
        {
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new SocketsHttpHandler()),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, TokenCredentials(token ?? Token)),
            UnsafeUseInsecureChannelCallCredentials = true,
        });

    /// <summary>An HTTP client for the JSON routes, sending <paramref name="token"/> as a bearer token (the node's own by default; empty sends none).</summary>
    public HttpClient CreateHttpClient(string? token = null)
    {
        var client = new HttpClient { BaseAddress = HttpAddress };
        var bearer = token ?? Token;
        if (bearer.Length > 0)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Kills the node with SIGKILL (no shutdown, no flush) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        ResetChannel();
    }

    /// <summary>Asks the node to shut down gracefully (SIGTERM) and waits for it to exit.</summary>
    /// <returns>Its exit code.</returns>
    public async Task<int> StopAsync(CancellationToken cancellationToken = default)
    {
        if (_process is not { } process)
        {
            throw new InvalidOperationException("the node was never started");
        }

        if (!process.HasExited)
        {
            SendTerminate(process.Id);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(_options.StartTimeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TestNodeStartException("the node did not stop after SIGTERM", null, Output);
            }
        }

        ResetChannel();
        return process.ExitCode;
    }

    /// <summary>Starts the node again on the same data directory (after <see cref="KillAsync"/> or <see cref="StopAsync"/>), on new ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("the node is still running; kill or stop it first");
        }

        await LaunchAsync(cancellationToken);
    }

    /// <summary>Kills the node if it runs and deletes the data directory the harness created.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process?.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; never fail a test over cleanup.
            }
        }
    }

    internal static ProcessStartInfo CreateStartInfo(string hostAssembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        if (!File.Exists(hostAssembly))
        {
            throw new FileNotFoundException($"the host is not built at {hostAssembly}; build host/P2PClinic.Host first", hostAssembly);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(hostAssembly)!,
        };
        start.ArgumentList.Add(hostAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The node must not pick up the developer's own settings or data.
        start.Environment.Remove("P2PCLINIC_DATA");
        start.Environment.Remove("P2PCLINIC_DATA_DIR");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        ResetChannel();
        var arguments = new List<string> { "--data-dir", DataDirectory, "--port", "0", "--grpc-port", "0", "--listening-line" };
        foreach (var directory in _options.PluginDirectories)
        {
            arguments.Add("--plugins-dir");
            arguments.Add(directory);
        }

        foreach (var origin in _options.CorsOrigins)
        {
            arguments.Add("--cors-origin");
            arguments.Add(origin);
        }

        if (!_options.LoadBuiltInPlugins)
        {
            arguments.Add("--no-builtin-plugins");
        }

        arguments.AddRange(_options.ExtraArguments);
        var start = CreateStartInfo(_options.HostAssemblyPath ?? DefaultHostAssemblyPath, arguments, _options.Environment);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, null);
        process.Exited += (_, _) => listening.TrySetException(new TestNodeStartException("the node exited before it listened", SafeExitCode(process), Output));
        _process?.Dispose();
        _process = process;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_options.StartTimeout);
        string line;
        try
        {
            line = await listening.Task.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TestNodeStartException($"the node did not report '{ListeningMarker}' within {_options.StartTimeout}", null, Output);
        }
        catch (TestNodeStartException)
        {
            // The exit event may race the last lines of output: wait for the streams to drain, then report everything.
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TestNodeStartException("the node exited before it listened", SafeExitCode(process), Output);
        }

        var match = ListeningLine().Match(line);
        HttpAddress = new Uri(match.Groups["http"].Value);
        GrpcAddress = new Uri(match.Groups["grpc"].Value);
        Token = (await File.ReadAllTextAsync(Path.Combine(DataDirectory, "api-token"), cancellationToken)).Trim();
    }

    private void OnLine(string? line, TaskCompletionSource<string>? listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }

        try
        {
            _options.Log?.Invoke(line);
        }
        catch (InvalidOperationException)
        {
            // xunit's output helper refuses writes after the test ended; the node may still be printing.
        }

        if (listening is not null && line.StartsWith(ListeningMarker, StringComparison.Ordinal) && ListeningLine().IsMatch(line))
        {
            listening.TrySetResult(line);
        }
    }

    private void ResetChannel()
    {
        _channel?.Dispose();
        _channel = null;
    }

    private static CallCredentials TokenCredentials(string token) =>
        CallCredentials.FromInterceptor((_, metadata) =>
        {
            if (token.Length > 0)
            {
                metadata.Add("authorization", $"Bearer {token}");
            }

            return Task.CompletedTask;
        });

    private static int? SafeExitCode(Process process)
    {
        try
        {
            return process.HasExited ? process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void SendTerminate(int processId)
    {
        // .NET has no managed SIGTERM; kill(1) asks the node to shut down the way a service manager would.
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", processId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static string Metadata(string key) =>
        typeof(TestNode).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [GeneratedRegex(@"^P2PCLINIC-LISTENING http=(?<http>\S+) grpc=(?<grpc>\S+)")]
    private static partial Regex ListeningLine();
}
