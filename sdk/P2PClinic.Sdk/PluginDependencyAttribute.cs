namespace P2PClinic.Sdk;

/// <summary>
/// Declares that a plugin needs another plugin (or the node itself, <see cref="PluginIds.Host"/>, or a
/// version of the SDK, <see cref="PluginIds.Sdk"/>) within a version range. The node starts dependencies
/// first and refuses to start a plugin whose dependency is missing, failed, or outside the range. Set it
/// through <c>P2PClinicPluginDependency</c> MSBuild items, which also end up in <c>plugin.json</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class PluginDependencyAttribute : Attribute
{
    /// <summary>Declares a dependency.</summary>
    /// <param name="pluginId">The id of the plugin needed.</param>
    /// <param name="versionRange">A NuGet-style version range: <c>1.2.0</c> (at least), <c>[1.2.0,2.0.0)</c>, <c>[1.2.0]</c> (exactly).</param>
    public PluginDependencyAttribute(string pluginId, string versionRange)
    {
        PluginId = pluginId;
        VersionRange = versionRange;
    }

    /// <summary>The id of the plugin needed.</summary>
    public string PluginId { get; }

    /// <summary>The version range it must be in.</summary>
    public string VersionRange { get; }
}
