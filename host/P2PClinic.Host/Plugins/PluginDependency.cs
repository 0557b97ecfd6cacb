using NuGet.Versioning;

namespace P2PClinic.Host.Plugins;

/// <summary>One "needs plugin X in range R" of a manifest.</summary>
internal sealed record PluginDependency(string Id, VersionRange Range)
{
    public static PluginDependency Parse(string? id, string? range, string source)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new PluginLoadException($"{source}: a dependency has no id");
        }

        if (!VersionRange.TryParse(range ?? "", out var parsed))
        {
            throw new PluginLoadException($"{source}: the version range '{range}' of dependency '{id}' is not valid (e.g. '1.2.0' or '[1.2.0,2.0.0)')");
        }

        return new PluginDependency(id, parsed);
    }

    public override string ToString() => $"{Id} {Range.PrettyPrint()}";
}
