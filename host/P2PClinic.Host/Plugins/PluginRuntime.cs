using McMaster.NETCore.Plugins;
using NuGet.Versioning;
using P2PClinic.Sdk;

namespace P2PClinic.Host.Plugins;

/// <summary>One plugin found by the node: its manifest, its load context and entry point once loaded, and its state.</summary>
internal sealed class PluginRuntime
{
    private readonly Lock _lock = new();
    private PluginState _state = PluginState.Loaded;
    private string? _failureReason;

    public PluginRuntime(string id, string directory)
    {
        Id = id;
        Directory = directory;
    }

    public string Id { get; private set; }

    public string Directory { get; }

    public NuGetVersion? Version { get; set; }

    public IReadOnlyList<PluginDependency> Dependencies { get; set; } = [];

    public PluginLoader? Loader { get; set; }

    public NodePlugin? Entry { get; set; }

    public PluginState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    public string? FailureReason
    {
        get
        {
            lock (_lock)
            {
                return _failureReason;
            }
        }
    }

    /// <summary>What the plugin reports about itself once configured (see <see cref="PluginContext.Health"/>).</summary>
    public PluginHealth? Health { get; set; }

    /// <summary>Why a running plugin reports itself degraded; null otherwise (a failed plugin has a failure reason instead).</summary>
    public string? DegradedReason => State == PluginState.Running ? Health?.DegradedReason : null;

    public bool IsUsable => State is PluginState.Loaded or PluginState.Running;

    public void Rename(string id) => Id = id;

    public void MarkRunning()
    {
        lock (_lock)
        {
            if (_state == PluginState.Loaded)
            {
                _state = PluginState.Running;
            }
        }
    }

    /// <summary>Marks the plugin failed; the first reason wins (later ones are consequences).</summary>
    public void Fail(string reason)
    {
        lock (_lock)
        {
            if (_state != PluginState.Failed)
            {
                _state = PluginState.Failed;
                _failureReason = reason;
            }
        }
    }

    public void Disable()
    {
        lock (_lock)
        {
            _state = PluginState.Disabled;
            _failureReason = null;
        }
    }
}
