using System.Text.Json;
using System.Text.Json.Serialization;
using NuGet.Versioning;

namespace P2PClinic.Host.Plugins;

/// <summary>A plugin's <c>plugin.json</c>: what the build wrote from the plugin's project (see P2PClinic.Sdk.targets).</summary>
internal sealed record PluginManifest(string Id, NuGetVersion Version, string Assembly, IReadOnlyList<PluginDependency> Dependencies)
{
    public const string FileName = "plugin.json";

    /// <summary>Reads and checks the manifest in a plugin folder.</summary>
    /// <exception cref="PluginLoadException">It is missing or invalid; the message says which field is wrong.</exception>
    public static PluginManifest Read(string pluginDirectory)
    {
        var path = Path.Combine(pluginDirectory, FileName);
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"no {FileName} in {pluginDirectory}");
        }

        ManifestJson? json;
        try
        {
            json = JsonSerializer.Deserialize(File.ReadAllText(path), ManifestJsonContext.Default.ManifestJson);
        }
        catch (JsonException e)
        {
            throw new PluginLoadException($"{path} is not valid JSON: {e.Message}");
        }

        if (json is null || string.IsNullOrWhiteSpace(json.Id))
        {
            throw new PluginLoadException($"{path}: 'id' is missing");
        }

        if (!NuGetVersion.TryParse(json.Version, out var version))
        {
            throw new PluginLoadException($"{path}: 'version' '{json.Version}' is not a semantic version");
        }

        if (string.IsNullOrWhiteSpace(json.Assembly) || json.Assembly.Contains('/', StringComparison.Ordinal) || json.Assembly.Contains('\\', StringComparison.Ordinal))
        {
            throw new PluginLoadException($"{path}: 'assembly' must name a file in the plugin folder");
        }

        var dependencies = new List<PluginDependency>();
        foreach (var dependency in json.Dependencies ?? [])
        {
            dependencies.Add(PluginDependency.Parse(dependency.Id, dependency.VersionRange, path));
        }

        return new PluginManifest(json.Id, version, json.Assembly, dependencies);
    }

    internal sealed class ManifestJson
    {
        public string? Id { get; set; }

        public string? Version { get; set; }

        public string? Assembly { get; set; }

        public List<DependencyJson>? Dependencies { get; set; }
    }

    internal sealed class DependencyJson
    {
        public string? Id { get; set; }

        public string? VersionRange { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(PluginManifest.ManifestJson))]
internal sealed partial class ManifestJsonContext : JsonSerializerContext;
