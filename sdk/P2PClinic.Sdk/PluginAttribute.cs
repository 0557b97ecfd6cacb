namespace P2PClinic.Sdk;

/// <summary>
/// Declares an assembly as a plugin's main assembly and names the plugin. The plugin's version is the
/// assembly's informational version (its <c>Version</c> property). Set it through the
/// <c>P2PClinicPluginId</c> MSBuild property, which also writes the matching <c>plugin.json</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class PluginAttribute : Attribute
{
    /// <summary>Names the plugin.</summary>
    /// <param name="id">The plugin id: lowercase, dot-separated words (e.g. <c>acme.greetings</c>).</param>
    public PluginAttribute(string id)
    {
        Id = id;
    }

    /// <summary>The plugin id.</summary>
    public string Id { get; }
}
