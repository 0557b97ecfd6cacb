
namespace P2PClinic.Host;

/// <summary>Everything the node logs, with stable event ids.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Node {Version} ready: API {HttpAddress} (gRPC-web and JSON; the CLI's --node), native gRPC {GrpcAddress}; data directory {DataDirectory}")]
    public static partial void NodeReady(ILogger logger, string version, string httpAddress, string grpcAddress, string dataDirectory);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} {ElapsedMilliseconds:0.#} ms")]
    public static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Plugin {PluginId} {Version} started")]
    public static partial void PluginStarted(ILogger logger, string pluginId, string version);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Plugin {PluginId} {Version} started, degraded: {Reason}")]
    public static partial void PluginDegraded(ILogger logger, string pluginId, string version, string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Plugin {PluginId} failed: {Reason}")]
    public static partial void PluginFailed(ILogger logger, string pluginId, string reason, Exception? exception);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Plugin {PluginId} failed while stopping")]
    public static partial void PluginStopFailed(ILogger logger, string pluginId, Exception exception);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Plugin {PluginId} failed to handle an org notification")]
    public static partial void PluginNotificationFailed(ILogger logger, string pluginId, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Opened the document of org {OrgId}")]
    public static partial void DocumentOpened(ILogger logger, Guid orgId);

    [LoggerMessage(EventId = 21, Level = LogLevel.Error, Message = "Could not store a change of org {OrgId}; the document will be reloaded from disk")]
    public static partial void DocumentPersistFailed(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "A change observer of org {OrgId} threw")]
    public static partial void ChangeObserverFailed(ILogger logger, Guid orgId, Exception exception);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "An org open/close observer threw")]
    public static partial void LifecycleObserverFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "Call {Method} failed unexpectedly")]
    public static partial void CallFailed(ILogger logger, string method, Exception exception);
}
