using System.Text.Json;

namespace P2PClinic.Crdt.Interop.Tests.Infrastructure;

/// <summary>
/// Generated once per test run: runs tests/interop/gen-fixtures.mjs with a fixed seed into a
/// temporary directory and loads its manifest. Deleted when the run ends.
/// </summary>
public sealed class YjsFixtures : IAsyncLifetime
{
    /// <summary>Fixed so that a failure names a history anyone can regenerate with the same command.</summary>
    public const int Seed = 20261125;

    /// <summary>Enough histories to cover every generator branch, few enough for a loaded 2-core machine.</summary>
    public const int Count = 48;

    private readonly Dictionary<string, byte[]> cache = [];

    internal FixtureManifest Manifest { get; private set; } = null!;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), $"p2pclinic-crdt-interop-{Guid.NewGuid():N}");

    internal IReadOnlyList<History> Histories => Manifest.Histories;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await NodeInterop.RunScriptAsync("gen-fixtures.mjs", [Directory, "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--count", Count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await using var manifest = File.OpenRead(Path.Combine(Directory, "manifest.json"));
        Manifest = await JsonSerializer.DeserializeAsync<FixtureManifest>(manifest, FixtureManifest.JsonOptions)
            ?? throw new InvalidOperationException("empty fixture manifest");
    }

    public Task DisposeAsync()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never fail a run over cleanup.
        }

        return Task.CompletedTask;
    }

    /// <summary>The bytes of a fixture file (path relative to the fixture directory).</summary>
    internal byte[] Bytes(string relativePath)
    {
        lock (cache)
        {
            if (!cache.TryGetValue(relativePath, out var bytes))
            {
                bytes = File.ReadAllBytes(FullPath(relativePath));
                cache[relativePath] = bytes;
            }

            return bytes;
        }
    }

    internal string FullPath(string relativePath) => Path.Combine(Directory, relativePath);

    /// <summary>The update bytes of a history, in generation order.</summary>
    internal IReadOnlyList<byte[]> Updates(History history) => [.. history.Updates.Select(u => Bytes(u.File))];

    /// <summary>Reproduces a failing history outside the tests.</summary>
    public static string RegenerateCommand => $"cd tests/interop && node gen-fixtures.mjs /tmp/fx --seed {Seed} --count {Count}";
}

[CollectionDefinition(Name)]
public sealed class YjsFixtureCollection : ICollectionFixture<YjsFixtures>
{
    public const string Name = "yjs fixtures";
}
