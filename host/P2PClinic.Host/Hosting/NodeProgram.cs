using Microsoft.Extensions.Configuration.Memory;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using P2PClinic.Crdt;
using P2PClinic.Host.Documents;
using P2PClinic.Host.Plugins;
using P2PClinic.Host.Security;
using P2PClinic.Sdk;
using P2PClinic.Storage;

namespace P2PClinic.Host.Hosting;

/// <summary>
/// Runs a node: parses the command line, opens the data directory, loads plugins, serves the API until asked to
/// stop. Startup problems a user can fix end in one line on stderr and a non-zero exit code.
/// </summary>
internal static class NodeProgram
{
    /// <summary>Exit codes, so scripts and service managers can tell failures apart.</summary>
    public const int ExitOk = 0;
    public const int ExitUsage = 2;
    public const int ExitDataDirectory = 3;
    public const int ExitListen = 4;

    /// <summary>The start of the line <c>--listening-line</c> asks for.</summary>
    public const string ListeningLinePrefix = "P2PCLINIC-LISTENING";

    public static async Task<int> RunAsync(string[] args)
    {
        NodeOptions? options;
        try
        {
            options = NodeCommandLine.Parse(args, Environment.GetEnvironmentVariable, Path.Combine(AppContext.BaseDirectory, "plugins"));
        }
        catch (NodeUsageException e)
        {
            await Console.Error.WriteLineAsync($"p2pclinic-node: {e.Message}");
            return ExitUsage;
        }

        if (options is null)
        {
            await Console.Out.WriteLineAsync(NodeCommandLine.Usage);
            return ExitOk;
        }

        // The store opens before the web host exists and logs for the node's whole life (damage found by reads too),
        // so it gets its own console logger, formatted as the host's.
        using var startupLogs = LoggerFactory.Create(AddConsoleLogging);
        DocumentStore store;
        ApiToken token;
        try
        {
            // The store creates the data directory (0700) and tightens an existing one; it logs what it found.
            store = DocumentStore.Open(options.DataDirectory, new DocumentStoreOptions { MergeUpdates = YUpdate.Merge, Logger = startupLogs.CreateLogger("P2PClinic.Storage") });
            token = ApiToken.LoadOrCreate(options.DataDirectory);
        }
        catch (Exception e) when (e is StoreUnavailableException or IOException or UnauthorizedAccessException)
        {
            var message = e is StoreUnavailableException ? e.Message : $"{options.DataDirectory}: {e.Message}";
            await Console.Error.WriteLineAsync($"p2pclinic-node: cannot use the data directory: {message}");
            return ExitDataDirectory;
        }

        using (store)
        {
            return await ServeAsync(options, store, token);
        }
    }

    private static readonly Dictionary<string, string?> QuietLogging = new()
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Grpc"] = "Warning",
        // "Now listening on", "Application started" (before the plugins started): the node's own ready line says it all.
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
    };

    /// <summary>One line per entry ("info: P2PClinic.Node[1] ..."): a node's log is read, grepped and counted line by line.</summary>
    private static void AddConsoleLogging(ILoggingBuilder logging) =>
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });

    private static async Task<int> ServeAsync(NodeOptions options, DocumentStore store, ApiToken token)
    {
        var plugins = new PluginHost(
            PluginAssemblyLoader.VersionOf(typeof(NodeProgram).Assembly),
            PluginAssemblyLoader.VersionOf(typeof(NodePlugin).Assembly));
        plugins.Discover(options.PluginDirectories, options.DisabledPlugins);

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        // Defaults under every other source, so appsettings, the environment and --set still decide: a node runs all
        // day, and ASP.NET Core's and grpc-dotnet's Information lines (several per request) drown what matters.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogging });
        builder.Configuration.AddInMemoryCollection(options.Settings);
        builder.Logging.ClearProviders();
        AddConsoleLogging(builder.Logging);
        ListenOptions? http = null;
        ListenOptions? grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Kestrel cannot serve HTTP/1.1 and cleartext HTTP/2 on one port, so gRPC-web/JSON and native gRPC get one each.
            kestrel.Listen(options.BindAddress, options.HttpPort, o => { o.Protocols = HttpProtocols.Http1; http = o; });
            kestrel.Listen(options.BindAddress, options.GrpcPort, o => { o.Protocols = HttpProtocols.Http2; grpc = o; });
        });
        builder.Services.AddNodeServices(options, store, token, plugins);
        plugins.ConfigureServices(builder.Services, builder.Configuration, options.DataDirectory);

        await using var app = builder.Build();
        _ = app.Services.GetRequiredService<NodeClock>();
        app.UseNodeEndpoints(options, plugins);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("P2PClinic.Node");
        var documents = app.Services.GetRequiredService<OrgDocumentRegistry>();
        var stopping = app.Lifetime.ApplicationStopping;
        documents.Opened += document => plugins.NotifyAsync(p => p.OnOrgOpenedAsync(document, stopping));
        documents.Closed += orgId => plugins.NotifyAsync(p => p.OnOrgClosedAsync(orgId, stopping));
        var sync = app.Services.GetRequiredService<global::P2PClinic.Sync.Engine.SyncEngine>();
        documents.Leaving += sync.OnOrgLeavingAsync;

        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"p2pclinic-node: cannot listen on {options.BindAddress} ports {options.HttpPort}/{options.GrpcPort}: {e.Message}");
            return ExitListen;
        }

        await plugins.StartAsync(app.Services, logger, stopping);
        // After the plugins: the transport is one of them. Shared orgs rejoin their rooms.
        await sync.StartAsync(stopping);
        // One line once everything (plugins, sync) started, with the real addresses (ports may have been 0).
        NodeLog.NodeReady(logger, plugins.HostVersion.ToNormalizedString(), Address(http!), Address(grpc!), options.DataDirectory);
        if (options.ListeningLine)
        {
            // For programs that start the node (test harnesses, the launcher): asked for, so the human log stays clean.
            await Console.Out.WriteLineAsync($"{ListeningLinePrefix} http={Address(http!)} grpc={Address(grpc!)}");
            await Console.Out.FlushAsync();
        }

        await app.WaitForShutdownAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        // Sync stops first (leaving rooms, so peers see this node go), then orgs close while their plugins still run,
        // so each plugin hears OnOrgClosed before OnNodeStopping.
        await sync.DisposeAsync();
        await documents.CloseAllAsync();
        await plugins.StopAsync(grace.Token);
        return ExitOk;
    }

    private static string Address(ListenOptions listen) => $"http://{listen.IPEndPoint}";
}
