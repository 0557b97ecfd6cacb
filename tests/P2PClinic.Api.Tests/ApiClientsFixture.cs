using System.Reflection;
using System.Text.RegularExpressions;
using P2PClinic.Testing;

namespace P2PClinic.Api.Tests;

/// <summary>
/// Prepares tests/api-clients once per test run: installs its npm packages from the committed lockfile
/// when needed, stages the repository's protos (plus the google/api protos they import, taken from the
/// Google.Api.CommonProtos NuGet package) and generates the JavaScript client with buf + protoc-gen-es.
/// </summary>
public sealed partial class ApiClientsFixture : IAsyncLifetime
{
    public static string RepositoryRoot { get; } = Metadata("P2PClinic.RepositoryRoot");

    public static string ClientsDirectory { get; } = Path.Combine(RepositoryRoot, "tests", "api-clients");

    private static string GoogleProtos { get; } = Metadata("P2PClinic.GoogleApiProtos");

    public async Task InitializeAsync()
    {
        await RequireToolAsync("node");
        await RequireToolAsync("npm");
        await InstallPackagesAsync();
        StageProtos();
        var buf = Path.Combine(ClientsDirectory, "node_modules", ".bin", "buf");
        var generate = await ProcessRunner.RunAsync(buf, ["generate"], ClientsDirectory);
        if (generate.ExitCode != 0)
        {
            throw new InvalidOperationException($"buf generate failed in {ClientsDirectory}:\n{generate}");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs a script of tests/api-clients with node and returns what it printed.</summary>
    public static Task<ProcessResult> RunScriptAsync(string script, IReadOnlyDictionary<string, string?> environment) =>
        ProcessRunner.RunAsync("node", [script], ClientsDirectory, environment);

    private static async Task RequireToolAsync(string tool)
    {
        var version = await ProcessRunner.RunAsync(tool, ["--version"]);
        if (version.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{tool} --version' failed; these tests need Node.js and npm:\n{version}");
        }
    }

    private static async Task InstallPackagesAsync()
    {
        // npm ci records what it installed in node_modules/.package-lock.json; reinstall when the lockfile is newer.
        var lockfile = new FileInfo(Path.Combine(ClientsDirectory, "package-lock.json"));
        var installed = new FileInfo(Path.Combine(ClientsDirectory, "node_modules", ".package-lock.json"));
        var buf = Path.Combine(ClientsDirectory, "node_modules", ".bin", "buf");
        if (installed.Exists && installed.LastWriteTimeUtc >= lockfile.LastWriteTimeUtc && File.Exists(buf))
        {
            return;
        }

        var install = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], ClientsDirectory);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed in {ClientsDirectory}:\n{install}");
        }
    }

    /// <summary>buf accepts modules only inside its workspace, so copy the protos in rather than point at them.</summary>
    private static void StageProtos()
    {
        var staging = Path.Combine(ClientsDirectory, "staging");
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        var protos = Path.Combine(RepositoryRoot, "protos");
        var ours = Path.Combine(staging, "protos");
        var pending = new Queue<string>();
        foreach (var file in Directory.EnumerateFiles(protos, "*.proto", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(protos, file);
            CopyInto(file, Path.Combine(ours, relative));
            Enqueue(file, pending);
        }

        // Only the google/api files our protos import (transitively); google/protobuf is built into buf.
        var google = Path.Combine(staging, "google");
        var copied = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var import))
        {
            if (!copied.Add(import))
            {
                continue;
            }

            var source = Path.Combine(GoogleProtos, import);
            if (!File.Exists(source))
            {
                throw new FileNotFoundException($"{import} is imported by the protos but not shipped in {GoogleProtos}", source);
            }

            CopyInto(source, Path.Combine(google, import));
            Enqueue(source, pending);
        }
    }

    private static void Enqueue(string protoFile, Queue<string> pending)
    {
        foreach (Match match in ImportPattern().Matches(File.ReadAllText(protoFile)))
        {
            var import = match.Groups["path"].Value;
            if (!import.StartsWith("google/protobuf/", StringComparison.Ordinal) && import.StartsWith("google/", StringComparison.Ordinal))
            {
                pending.Enqueue(import);
            }
        }
    }

    private static void CopyInto(string source, string destination)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Copy(source, destination, overwrite: true);
    }

    private static string Metadata(string key) => typeof(ApiClientsFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;

    [GeneratedRegex("""^\s*import\s+(?:public\s+|weak\s+)?"(?<path>[^"]+)"\s*;""", RegexOptions.Multiline)]
    private static partial Regex ImportPattern();
}

[CollectionDefinition(Name)]
public sealed class ApiClientsCollection : ICollectionFixture<ApiClientsFixture>
{
    public const string Name = "api clients";
}
