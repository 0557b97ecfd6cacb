using NuGet.Versioning;
using P2PClinic.Sdk;

namespace P2PClinic.Host.Plugins;

/// <summary>
/// The node's plugins, from discovery to shutdown. Every step runs plugin by plugin in dependency order, and a
/// plugin that fails any step is marked failed with the reason, together with every plugin that depends on it,
/// while the node and the other plugins carry on.
/// </summary>
internal sealed class PluginHost
{
    private readonly List<PluginRuntime> _plugins = [];
    private readonly List<(PluginRuntime Plugin, string Message, Exception? Error)> _pendingLogs = [];
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public PluginHost(NuGetVersion hostVersion, NuGetVersion sdkVersion)
    {
        HostVersion = hostVersion;
        SdkVersion = sdkVersion;
    }

    public NuGetVersion HostVersion { get; }

    public NuGetVersion SdkVersion { get; }

    /// <summary>Every plugin found, in start order (dependencies first); failed ones included.</summary>
    public IReadOnlyList<PluginRuntime> Plugins => _plugins;

    /// <summary>Finds and loads the plugins in each folder of each directory, then orders them and checks their dependencies.</summary>
    public void Discover(IEnumerable<string> pluginDirectories, IReadOnlySet<string> disabled)
    {
        var found = new List<PluginRuntime>();
        foreach (var root in pluginDirectories)
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                var plugin = new PluginRuntime(Path.GetFileName(folder), Path.GetFullPath(folder));
                found.Add(plugin);
                try
                {
                    PluginAssemblyLoader.Load(plugin);
                }
                catch (PluginLoadException e)
                {
                    Fail(plugin, e.Message, e.InnerException);
                }
                catch (Exception e)
                {
                    // Anything else thrown while loading is still the plugin's problem, never the node's.
                    Fail(plugin, $"failed to load: {e.GetType().Name}: {e.Message}", e);
                }

                if (disabled.Contains(plugin.Id))
                {
                    plugin.Disable();
                }
            }
        }

        foreach (var duplicate in found.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
        {
            Fail(duplicate, $"another plugin with id '{duplicate.Id}' was already found in {found.First(p => p.Id == duplicate.Id).Directory}");
        }

        foreach (var system in found.Where(p => p.Id is PluginIds.Host or PluginIds.Sdk))
        {
            Fail(system, $"the id '{system.Id}' is reserved for the node");
        }

        _plugins.AddRange(Order(found));
        CheckDependencies();
    }

    /// <summary>Runs each usable plugin's ConfigureServices against a scratch collection, and commits what it added only if it returned normally.</summary>
    /// <param name="services">The node's services.</param>
    /// <param name="configuration">The node's configuration; each plugin sees its <c>Plugins:&lt;id&gt;</c> section.</param>
    /// <param name="dataDirectory">The node's data directory; each plugin's own folder is <c>plugins/&lt;id&gt;</c> under it.</param>
    public void ConfigureServices(IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        foreach (var plugin in Usable())
        {
            var scratch = new ServiceCollection();
            var context = ContextFor(plugin, configuration, dataDirectory);
            plugin.Health = context.Health;
            try
            {
                plugin.Entry!.ConfigureServices(scratch, context);
            }
            catch (Exception e)
            {
                Fail(plugin, $"ConfigureServices threw {e.GetType().Name}: {e.Message}", e);
                continue;
            }

            foreach (var descriptor in scratch)
            {
                services.Add(descriptor);
            }
        }
    }

    /// <summary>Lets each usable plugin map its endpoints through <paramref name="endpoints"/>.</summary>
    public void MapEndpoints(Func<PluginRuntime, IPluginEndpointBuilder> endpoints)
    {
        foreach (var plugin in Usable())
        {
            try
            {
                plugin.Entry!.MapEndpoints(endpoints(plugin));
            }
            catch (Exception e)
            {
                Fail(plugin, $"MapEndpoints threw {e.GetType().Name}: {e.Message}", e);
            }
        }
    }

    /// <summary>Starts the plugins in dependency order; logs what discovery and configuration found.</summary>
    public async Task StartAsync(IServiceProvider services, ILogger logger, CancellationToken cancellationToken)
    {
        _logger = logger;
        foreach (var (plugin, message, error) in _pendingLogs)
        {
            NodeLog.PluginFailed(logger, plugin.Id, message, error);
        }

        _pendingLogs.Clear();
        foreach (var plugin in _plugins)
        {
            if (!plugin.IsUsable)
            {
                continue;
            }

            if (plugin.Dependencies.FirstOrDefault(d => Find(d.Id) is { IsUsable: false }) is { } failed)
            {
                Fail(plugin, $"depends on '{failed.Id}', which failed");
                continue;
            }

            try
            {
                await plugin.Entry!.OnNodeStartedAsync(services, cancellationToken).ConfigureAwait(false);
                plugin.MarkRunning();
                if (plugin.DegradedReason is { } degraded)
                {
                    NodeLog.PluginDegraded(logger, plugin.Id, plugin.Version!.ToNormalizedString(), degraded);
                }
                else
                {
                    NodeLog.PluginStarted(logger, plugin.Id, plugin.Version!.ToNormalizedString());
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Fail(plugin, $"OnNodeStartedAsync threw {e.GetType().Name}: {e.Message}", e);
            }
        }
    }

    /// <summary>Stops the running plugins in reverse dependency order; failures are logged, never thrown.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var plugin in Enumerable.Reverse(_plugins).Where(p => p.State == PluginState.Running))
        {
            try
            {
                await plugin.Entry!.OnNodeStoppingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                NodeLog.PluginStopFailed(_logger, plugin.Id, e);
            }
        }
    }

    /// <summary>Calls <paramref name="notify"/> on every running plugin; a failing plugin is logged, not stopped.</summary>
    public async Task NotifyAsync(Func<NodePlugin, Task> notify)
    {
        foreach (var plugin in _plugins.Where(p => p.State == PluginState.Running))
        {
            try
            {
                await notify(plugin.Entry!).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                NodeLog.PluginNotificationFailed(_logger, plugin.Id, e);
            }
        }
    }

    private PluginContext ContextFor(PluginRuntime plugin, IConfiguration configuration, string dataDirectory) =>
        new(
            plugin.Id,
            plugin.Version!.ToNormalizedString(),
            plugin.Directory,
            HostVersion.ToNormalizedString(),
            configuration.GetSection($"Plugins:{plugin.Id}"),
            Path.Combine(dataDirectory, "plugins", plugin.Id));

    private IEnumerable<PluginRuntime> Usable() => _plugins.Where(p => p.IsUsable).ToList();

    private PluginRuntime? Find(string id) => _plugins.FirstOrDefault(p => p.Id == id && p.State != PluginState.Failed) ?? _plugins.FirstOrDefault(p => p.Id == id);

    /// <summary>Checks each plugin's needs in dependency order, so a plugin that fails makes its dependents fail with a reason naming it.</summary>
    private void CheckDependencies()
    {
        foreach (var plugin in _plugins)
        {
            if (!plugin.IsUsable)
            {
                continue;
            }

            foreach (var dependency in plugin.Dependencies)
            {
                var reason = Check(dependency);
                if (reason is not null)
                {
                    Fail(plugin, reason);
                    break;
                }
            }
        }
    }

    private string? Check(PluginDependency dependency)
    {
        var (version, what) = dependency.Id switch
        {
            PluginIds.Host => (HostVersion, "the node"),
            PluginIds.Sdk => (SdkVersion, "the node's SDK"),
            _ => (Find(dependency.Id)?.Version, $"plugin '{dependency.Id}'"),
        };
        if (dependency.Id is not (PluginIds.Host or PluginIds.Sdk))
        {
            var other = Find(dependency.Id);
            if (other is null)
            {
                return $"depends on '{dependency.Id}' {dependency.Range.PrettyPrint()}, which is not installed";
            }

            if (other.State == PluginState.Disabled)
            {
                return $"depends on '{dependency.Id}', which is disabled";
            }

            if (!other.IsUsable)
            {
                return $"depends on '{dependency.Id}', which failed";
            }
        }

        return version is not null && !dependency.Range.Satisfies(version)
            ? $"needs {what} {dependency.Range.PrettyPrint()} but it is {version.ToNormalizedString()}"
            : null;
    }

    /// <summary>Orders plugins so that dependencies come first (Kahn's algorithm, ties by id); plugins in a cycle fail.</summary>
    private List<PluginRuntime> Order(List<PluginRuntime> found)
    {
        var byId = found.Where(p => p.IsUsable || p.State == PluginState.Disabled).GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        var ordered = new List<PluginRuntime>();
        var placed = new HashSet<PluginRuntime>();
        var remaining = found.ToList();
        while (remaining.Count > 0)
        {
            var ready = remaining
                .Where(p => p.Dependencies.All(d => !byId.TryGetValue(d.Id, out var dep) || dep == p || placed.Contains(dep)))
                .OrderBy(p => p.Id, StringComparer.Ordinal)
                .ToList();
            if (ready.Count == 0)
            {
                foreach (var cyclic in remaining.OrderBy(p => p.Id, StringComparer.Ordinal))
                {
                    Fail(cyclic, $"is part of a dependency cycle among: {string.Join(", ", remaining.Select(p => p.Id).Order(StringComparer.Ordinal))}");
                    ordered.Add(cyclic);
                }

                break;
            }

            foreach (var plugin in ready)
            {
                ordered.Add(plugin);
                placed.Add(plugin);
                remaining.Remove(plugin);
            }
        }

        return ordered;
    }

    private void Fail(PluginRuntime plugin, string reason, Exception? error = null)
    {
        plugin.Fail(reason);
        if (_logger is Microsoft.Extensions.Logging.Abstractions.NullLogger)
        {
            _pendingLogs.Add((plugin, reason, error));
        }
        else
        {
            NodeLog.PluginFailed(_logger, plugin.Id, reason, error);
        }
    }
}
