using System.Runtime.Versioning;
using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

public sealed class OpenErrorTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A database with an org and data flushed to table files, closed.</summary>
    private async Task<Guid> CreateClosedStoreAsync()
    {
        Guid orgId;
        using (var store = DocumentStore.Open(_dir.Path))
        {
            orgId = (await store.Orgs.CreateAsync(Org())).Id;
            for (var i = 0; i < 10; i++)
            {
                await store.Updates.AppendAsync(orgId, Bytes(new string('x', 1000) + i), Bytes("sv"));
            }
        }

        // Opening again replays the WAL into table files.
        DocumentStore.Open(_dir.Path).Dispose();
        return orgId;
    }

    private static void Garble(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var random = new Random(7);
        random.NextBytes(bytes);
        File.WriteAllBytes(file, bytes);
    }

    private StoreUnavailableException AssertUnavailable(StoreUnavailableReason reason, string? path = null)
    {
        var e = Assert.Throws<StoreUnavailableException>(() => DocumentStore.Open(_dir.Path));
        Assert.Equal(reason, e.Reason);
        Assert.Contains(path ?? _dir.Path, e.Message, StringComparison.Ordinal);
        Assert.Contains(path ?? _dir.Path, e.Path, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void Open_NewDirectory_CreatesTheDatabaseFolder()
    {
        using var store = DocumentStore.Open(Path.Combine(_dir.Path, "nested", "node"));

        Assert.True(File.Exists(Path.Combine(_dir.Path, "nested", "node", "db", "CURRENT")));
    }

    [Fact]
    public void Open_AFileWhereTheDataDirectoryShouldBe_NamesThePath()
    {
        var file = Path.Combine(_dir.Path, "node");
        File.WriteAllText(file, "not a directory");

        var e = Assert.Throws<StoreUnavailableException>(() => DocumentStore.Open(file));

        Assert.Equal(StoreUnavailableReason.NotADirectory, e.Reason);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(file));
    }

    [Fact]
    public void Open_AFileWhereTheDatabaseFolderShouldBe_NamesThePath()
    {
        File.WriteAllText(_dir.DatabasePath, "not a directory");

        AssertUnavailable(StoreUnavailableReason.NotADirectory, _dir.DatabasePath);
    }

    [Fact]
    public async Task Open_GarbageInCURRENT_SaysTheDatabaseIsDamaged()
    {
        await CreateClosedStoreAsync();
        File.WriteAllText(Path.Combine(_dir.DatabasePath, "CURRENT"), "\u0001\u0002garbage");

        var e = AssertUnavailable(StoreUnavailableReason.Corrupted, _dir.DatabasePath);
        Assert.IsAssignableFrom<Exception>(e.InnerException);
    }

    [Fact]
    public async Task Open_GarbageInTheMANIFEST_SaysTheDatabaseIsDamaged()
    {
        await CreateClosedStoreAsync();
        foreach (var manifest in Directory.GetFiles(_dir.DatabasePath, "MANIFEST-*"))
        {
            Garble(manifest);
        }

        AssertUnavailable(StoreUnavailableReason.Corrupted, _dir.DatabasePath);
    }

    [Fact]
    public async Task Open_GarbageInEveryTableFile_OpensWithoutParanoidChecks_AndReportsTheDamageInsteadOfAnEmptyStore()
    {
        var orgId = await CreateClosedStoreAsync();
        var tables = Directory.GetFiles(_dir.DatabasePath, "*.sst");
        Assert.NotEmpty(tables);
        foreach (var table in tables)
        {
            Garble(table);
        }

        using var store = DocumentStore.Open(_dir.Path);

        Assert.True(store.IsDegraded);
        var notice = Assert.Single(store.Notices);
        Assert.Equal(StoreNoticeKind.TableFileDamaged, notice.Kind);
        Assert.Contains(notice.Path, tables);
        Assert.StartsWith("Corruption", notice.Detail, StringComparison.Ordinal);
        Assert.NotNull(store.CatalogDamage);
        Assert.Throws<StoreDamagedException>(() => store.Orgs.List());
        var e = Assert.Throws<StoreDamagedException>(() => store.Updates.Read(orgId));
        Assert.Equal(orgId, e.OrgId);
    }

    [Fact]
    public async Task Open_MissingCURRENT_IsRefused_RatherThanStartingAnEmptyDatabaseOverTheOldFiles()
    {
        await CreateClosedStoreAsync();
        File.Delete(Path.Combine(_dir.DatabasePath, "CURRENT"));

        AssertUnavailable(StoreUnavailableReason.Corrupted, _dir.DatabasePath);
        Assert.False(File.Exists(Path.Combine(_dir.DatabasePath, "CURRENT")));
    }

    [Fact]
    public async Task Open_WhileAnotherNodeProcessHoldsTheDirectory_SaysItIsInUse()
    {
        await CreateClosedStoreAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var holder = StoreWriterChild.Start("hold", _dir.Path);
        await holder.ExpectLineAsync("ready", timeout.Token);

        AssertUnavailable(StoreUnavailableReason.Locked, _dir.DatabasePath);

        holder.Process.StandardInput.Close();
        await holder.Process.WaitForExitAsync(timeout.Token);
        using var reopened = DocumentStore.Open(_dir.Path);
        Assert.Single(reopened.Orgs.List());
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Open_WithoutPermissionToTheDirectory_SaysPermissionDenied()
    {
        await CreateClosedStoreAsync();
        var node = Path.Combine(_dir.Path, "locked-out");
        Directory.Move(_dir.DatabasePath, Path.Combine(_dir.Path, "moved"));
        Directory.CreateDirectory(node);
        Directory.Move(Path.Combine(_dir.Path, "moved"), Path.Combine(node, DocumentStore.DatabaseFolderName));
        File.SetUnixFileMode(Path.Combine(node, DocumentStore.DatabaseFolderName), UnixFileMode.None);
        try
        {
            // Root ignores file modes (CAP_DAC_OVERRIDE). Tests here run as root, so the child that opens
            // the store runs with those capabilities dropped from its bounding set: the kernel then checks
            // the modes for it as for anyone else.
            string[] prefix = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root"
                ? ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-dac_override,-dac_read_search"]
                : [];
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            using var child = StoreWriterChild.Start(prefix, ["open", node]);
            var line = await child.ReadLineAsync(timeout.Token);
            var error = await child.Process.StandardError.ReadToEndAsync(timeout.Token);
            await child.Process.WaitForExitAsync(timeout.Token);

            Assert.True(line is not null, $"the child printed nothing; stderr: {error}");
            Assert.StartsWith($"unavailable {StoreUnavailableReason.PermissionDenied}", line, StringComparison.Ordinal);
            Assert.Contains(node, line, StringComparison.Ordinal);
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(node, DocumentStore.DatabaseFolderName), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Open_WithABlankPath_IsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => DocumentStore.Open("  "));
    }
}
