namespace P2PClinic.Host.Plugins;

/// <summary>Where a plugin is in its life on this node.</summary>
internal enum PluginState
{
    /// <summary>Loaded and configured, not started yet.</summary>
    Loaded,

    /// <summary>Started and serving.</summary>
    Running,

    /// <summary>Not started, or stopped, because of a failure; see the reason.</summary>
    Failed,

    /// <summary>Switched off by configuration.</summary>
    Disabled,
}
