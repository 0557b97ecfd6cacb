using System.Security.Cryptography;
using System.Text.Json;
using P2PClinic.Testing;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// The Node side of the interop tests (tests/interop): installs its pinned packages with
/// <c>npm ci</c> when node_modules is missing or older than the lockfile, and runs its scripts.
/// </summary>
internal static class NodeInterop
{
    private const string InstalledMarker = ".p2pclinic-lock.sha256";
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool installed;

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken = default)
    {
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (installed)
            {
                return;
            }

            var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(RepositoryPaths.Interop, "package-lock.json"), cancellationToken)));
            var marker = Path.Combine(RepositoryPaths.Interop, "node_modules", InstalledMarker);
            if (!File.Exists(marker) || (await File.ReadAllTextAsync(marker, cancellationToken)).Trim() != lockHash)
            {
                // Several test processes may start at once (other engineers, CI shards): serialize on a lock file.
                await using var processLock = await AcquireLockAsync(Path.Combine(Path.GetTempPath(), "p2pclinic-interop-npm.lock"), cancellationToken);
                if (!File.Exists(marker) || (await File.ReadAllTextAsync(marker, cancellationToken)).Trim() != lockHash)
                {
                    var result = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], RepositoryPaths.Interop, limit: TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
                    if (result.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"npm ci in {RepositoryPaths.Interop} failed ({result.ExitCode}):\n{result.StandardError}");
                    }

                    await File.WriteAllTextAsync(marker, lockHash, cancellationToken);
                }
            }

            installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>Runs <c>node script args</c> in tests/interop and fails with its stderr unless it exits 0.</summary>
    public static async Task<ProcessResult> RunScriptAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        await EnsureInstalledAsync(cancellationToken);
        var result = await ProcessRunner.RunAsync("node", [script, .. arguments], RepositoryPaths.Interop, limit: TimeSpan.FromMinutes(3), cancellationToken: cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {script} failed ({result.ExitCode}):\n{result.StandardError}");
        }

        return result;
    }

    /// <summary>What yjs made of a set of update files (one result of apply-updates.mjs).</summary>
    internal sealed record YjsResult(string Json, string State, Dictionary<string, long> StateVector, List<YjsRoot> Roots)
    {
        public byte[] StateBytes => Convert.FromBase64String(State);
    }

    internal sealed record YjsRoot(string Name, string ContentKind);

    /// <summary>One job of apply-updates.mjs: files applied in order to a fresh yjs doc.</summary>
    internal sealed record YjsJob(IReadOnlyList<string> Files, bool Gc, IReadOnlyList<int>? Order, IReadOnlyList<RootSpec>? Roots);

    internal sealed record RootSpec(string Name, string Kind);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Applies many jobs with one Node process.</summary>
    public static async Task<IReadOnlyList<YjsResult>> ApplyWithYjsAsync(IReadOnlyList<YjsJob> jobs, string workDirectory, CancellationToken cancellationToken = default)
    {
        var jobsFile = Path.Combine(workDirectory, $"jobs-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(jobsFile, JsonSerializer.Serialize(jobs, Json), cancellationToken);
        var result = await RunScriptAsync("apply-updates.mjs", ["--jobs", jobsFile], cancellationToken);
        return JsonSerializer.Deserialize<List<YjsResult>>(result.StandardOutputBytes, Json)
            ?? throw new InvalidOperationException("apply-updates.mjs printed no results");
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }
}
