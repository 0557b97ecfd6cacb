using System.Reflection;
using McMaster.NETCore.Plugins;
using NuGet.Versioning;
using P2PClinic.Sdk;

namespace P2PClinic.Host.Plugins;

/// <summary>
/// Loads one plugin folder: reads its manifest, loads its main assembly into its own load context (sharing the
/// contract and framework assemblies with the node), checks the manifest against the assembly's attributes and
/// the assembly's references against what the node offers, and creates the entry point.
/// </summary>
internal static class PluginAssemblyLoader
{
    private static readonly string[] ContractAssemblies = ["P2PClinic.Sdk", "P2PClinic.Crdt"];

    public static void Load(PluginRuntime plugin)
    {
        var manifest = PluginManifest.Read(plugin.Directory);
        plugin.Rename(manifest.Id);
        plugin.Version = manifest.Version;
        plugin.Dependencies = manifest.Dependencies;

        foreach (var contract in ContractAssemblies)
        {
            if (File.Exists(Path.Combine(plugin.Directory, contract + ".dll")))
            {
                throw new PluginLoadException(
                    $"the plugin folder contains its own copy of {contract}.dll, which would make its entry point invisible to the node; " +
                    "reference the SDK with <Private>false</Private><ExcludeAssets>runtime</ExcludeAssets> and lay the plugin out with 'dotnet publish'");
            }
        }

        var assemblyPath = Path.Combine(plugin.Directory, manifest.Assembly);
        if (!File.Exists(assemblyPath))
        {
            throw new PluginLoadException($"{PluginManifest.FileName} names {manifest.Assembly}, which is not in {plugin.Directory}");
        }

        // Types cross between the node and plugins (NodePlugin, Doc, IMessage, IServiceCollection, ILogger...): a
        // plugin must use the node's copy of every assembly the node has, or the same type name would be two types
        // (an entry point that "isn't" a NodePlugin). PreferSharedTypes asks the node's context first for each
        // assembly the plugin loads, when it loads it. Naming shared types as well would make McMaster load the
        // whole reference closure of their assemblies up front, netstandard's included: about 100 framework
        // assemblies no plugin uses, 25 MiB of an idle node.
        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, config => config.PreferSharedTypes = true);
        plugin.Loader = loader;
        Assembly assembly;
        try
        {
            assembly = loader.LoadDefaultAssembly();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
        {
            throw new PluginLoadException($"cannot load {manifest.Assembly}: {e.Message}", e);
        }

        CheckAttributes(manifest, assembly);
        CheckReferences(assembly);
        plugin.Entry = CreateEntryPoint(assembly);
    }

    /// <summary>The semantic version an assembly declares (its informational version without build metadata).</summary>
    public static NuGetVersion VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (informational is not null && NuGetVersion.TryParse(informational.Split('+')[0], out var version))
        {
            return version;
        }

        var assemblyVersion = assembly.GetName().Version ?? new Version(0, 0, 0);
        return new NuGetVersion(assemblyVersion.Major, assemblyVersion.Minor, Math.Max(assemblyVersion.Build, 0));
    }

    private static void CheckAttributes(PluginManifest manifest, Assembly assembly)
    {
        var declared = assembly.GetCustomAttribute<PluginAttribute>()
            ?? throw new PluginLoadException($"{manifest.Assembly} carries no [assembly: Plugin] attribute; set <P2PClinicPluginId> in the plugin's project");
        if (declared.Id != manifest.Id)
        {
            throw new PluginLoadException($"{PluginManifest.FileName} says id '{manifest.Id}' but {manifest.Assembly} declares '{declared.Id}'; rebuild the plugin");
        }

        var version = VersionOf(assembly);
        if (version != manifest.Version)
        {
            throw new PluginLoadException($"{PluginManifest.FileName} says version {manifest.Version} but {manifest.Assembly} is version {version}; rebuild the plugin");
        }

        var fromAttributes = assembly.GetCustomAttributes<PluginDependencyAttribute>()
            .Select(a => PluginDependency.Parse(a.PluginId, a.VersionRange, manifest.Assembly).ToString())
            .Order(StringComparer.Ordinal)
            .ToList();
        var fromManifest = manifest.Dependencies.Select(d => d.ToString()).Order(StringComparer.Ordinal).ToList();
        if (!fromAttributes.SequenceEqual(fromManifest, StringComparer.Ordinal))
        {
            throw new PluginLoadException(
                $"{PluginManifest.FileName} lists dependencies [{string.Join(", ", fromManifest)}] but {manifest.Assembly} declares [{string.Join(", ", fromAttributes)}]; rebuild the plugin");
        }
    }

    /// <summary>
    /// A plugin built against a newer shared assembly than the node has would silently run against the older
    /// copy (and fail later with MissingMethodException); refuse it now, naming the assembly.
    /// </summary>
    private static void CheckReferences(Assembly assembly)
    {
        var offered = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic)
            .Select(a => a.GetName())
            .Where(n => n.Name is not null && n.Version is not null)
            .GroupBy(n => n.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(n => n.Version)!, StringComparer.Ordinal);
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (reference.Name is null || reference.Version is null || !offered.TryGetValue(reference.Name, out var have))
            {
                continue;
            }

            if (reference.Version > have)
            {
                throw new PluginLoadException($"the plugin was built against {reference.Name} {reference.Version} but the node offers {have}; use a newer node or build the plugin against {have}");
            }

            if (reference.Name == "P2PClinic.Sdk" && (reference.Version.Major != have.Major || (have.Major == 0 && reference.Version.Minor != have.Minor)))
            {
                throw new PluginLoadException($"the plugin was built against P2PClinic.Sdk {reference.Version}, which is not compatible with the node's SDK {have} (a different major version)");
            }
        }
    }

    private static NodePlugin CreateEntryPoint(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var first = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            throw new PluginLoadException($"cannot load the types of {assembly.GetName().Name}: {first}", e);
        }

        var entries = types.Where(t => typeof(NodePlugin).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        if (entries.Count == 0)
        {
            var lookalike = types.FirstOrDefault(t => !t.IsAbstract && DerivesFromForeignNodePlugin(t));
            throw new PluginLoadException(lookalike is not null
                ? $"{lookalike.FullName} derives from a different copy of {typeof(NodePlugin).FullName} than the node's (a second P2PClinic.Sdk was loaded); do not ship P2PClinic.Sdk.dll with the plugin"
                : $"{assembly.GetName().Name} has no public non-abstract subclass of {typeof(NodePlugin).FullName}");
        }

        if (entries.Count > 1)
        {
            throw new PluginLoadException($"{assembly.GetName().Name} has more than one entry point: {string.Join(", ", entries.Select(t => t.FullName))}");
        }

        try
        {
            return (NodePlugin)Activator.CreateInstance(entries[0])!;
        }
        catch (Exception e) when (e is MissingMethodException or TargetInvocationException or MemberAccessException)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw new PluginLoadException($"cannot create {entries[0].FullName}: {cause.Message}", cause);
        }
    }

    private static bool DerivesFromForeignNodePlugin(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.FullName == typeof(NodePlugin).FullName && t != typeof(NodePlugin))
            {
                return true;
            }
        }

        return false;
    }
}
