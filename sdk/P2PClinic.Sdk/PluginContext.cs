using Microsoft.Extensions.Configuration;

namespace P2PClinic.Sdk;

/// <summary>What a plugin learns about itself and the node while it configures its services.</summary>
public sealed class PluginContext
{
    /// <summary>Creates a context; the node does this for each plugin.</summary>
    /// <param name="pluginId">The plugin's id from its manifest.</param>
    /// <param name="pluginVersion">The plugin's version.</param>
    /// <param name="pluginDirectory">The folder the plugin was loaded from.</param>
    /// <param name="hostVersion">The version of the node hosting the plugin.</param>
    /// <param name="configuration">The plugin's configuration section (<c>Plugins:&lt;id&gt;</c>).</param>
    /// <param name="dataDirectory">The plugin's own folder under the node's data directory.</param>
    public PluginContext(string pluginId, string pluginVersion, string pluginDirectory, string hostVersion, IConfiguration configuration, string dataDirectory)
    {
        PluginId = pluginId;
        PluginVersion = pluginVersion;
        PluginDirectory = pluginDirectory;
        HostVersion = hostVersion;
        Configuration = configuration;
        DataDirectory = dataDirectory;
    }

    /// <summary>The plugin's id from its manifest.</summary>
    public string PluginId { get; }

    /// <summary>The plugin's version (semver).</summary>
    public string PluginVersion { get; }

    /// <summary>The folder the plugin was loaded from (its own files, e.g. data shipped with it, live here).</summary>
    public string PluginDirectory { get; }

    /// <summary>The version of the node hosting the plugin (semver).</summary>
    public string HostVersion { get; }

    /// <summary>
    /// The plugin's own folder under the node's data directory (<c>&lt;data&gt;/plugins/&lt;plugin id&gt;</c>), for
    /// state that belongs to this node alone and is never synced (what was already shown to the user, caches).
    /// The node does not create it: a plugin that needs it calls <see cref="Directory.CreateDirectory(string)"/>.
    /// Data shared with peers belongs in the org's document instead.
    /// </summary>
    public string DataDirectory { get; }

    /// <summary>The plugin's configuration section: <c>Plugins:&lt;plugin id&gt;</c> of the node's configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>
    /// Where the plugin reports that it runs but cannot do all its work (degraded, with a reason). Keep it to report
    /// later too: the node reads it whenever its status is asked for.
    /// </summary>
    public PluginHealth Health { get; } = new();
}
