using System.Text.RegularExpressions;
using Grpc.Core;
using P2PClinic.Api.Node.V1;
using P2PClinic.Api.Orgs.V1;
using P2PClinic.Testing;
using P2PClinic.Tests.Greeter.V1;

namespace P2PClinic.Host.Tests;

/// <summary>
/// Damage on disk, against a real node process: 64 bytes overwritten in the middle of a table file of each column
/// family, in the write-ahead log mid-file and at its tail, and a WAL cut in half. Each test checks what the node
/// reports and that nothing acknowledged after the damage is lost.
/// </summary>
public sealed partial class StorageDamageTests : IAsyncLifetime
{
    private const int VictimNotes = 300;
    private const int BystanderNotes = 20;

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("p2pclinic-damage-").FullName;
    private TestNode _node = null!;
    private string _victim = "";
    private string _bystander = "";

    private string DatabasePath => Path.Combine(_dataDirectory, "db");

    public async Task InitializeAsync()
    {
        _node = await TestNode.StartAsync(new TestNodeOptions
        {
            LoadBuiltInPlugins = false,
            PluginDirectories = [PluginNodeFixture.TestPluginsDirectory],
            DataDirectory = _dataDirectory,
        });

        // The bystander's records come first in the WAL, so damage in the second half of it spares them.
        _bystander = (await _node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Bystander" })).Id;
        await AddNotesAsync(_bystander, "b", 0, BystanderNotes);
        _victim = (await _node.Orgs.CreateOrgAsync(new CreateOrgRequest { Name = "Victim" })).Id;
        await AddNotesAsync(_victim, "v", 0, VictimNotes);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Theory]
    [InlineData("updates")]
    [InlineData("docstate")]
    [InlineData("orgs")]
    public async Task ATableFileDamagedInTheMiddle_IsReported_TheDamagedOrgIsRefused_AndRepairKeepsWhatCanBeRead(string family)
    {
        await MoveEverythingIntoTableFilesAsync();
        var table = Assert.Single(LiveTableFiles(family));
        Overwrite64Bytes(table, new FileInfo(table).Length / 2);

        await _node.RestartAsync();

        var storage = (await _node.Node.GetStatusAsync(new GetStatusRequest())).Storage;
        Assert.Equal(StorageState.Damaged, storage.State);
        if (family == "orgs")
        {
            // The catalog sits in one table file: the list of orgs is refused, never returned short.
            Assert.Contains(table, storage.CatalogDamage, StringComparison.Ordinal);
            var list = await Assert.ThrowsAsync<RpcException>(async () => await _node.Orgs.ListOrgsAsync(new ListOrgsRequest()));
            Assert.Equal(StatusCode.DataLoss, list.StatusCode);
        }
        else
        {
            var damaged = Assert.Single(storage.DamagedOrgs, d => d.OrgId == _victim);
            Assert.Equal(table, damaged.Path);
            Assert.StartsWith("Corruption", damaged.Detail, StringComparison.Ordinal);
            var listed = (await _node.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs.Single(o => o.Id == _victim);
            Assert.Equal(table, listed.Damage.Path);

            // Never read as empty, and nothing acknowledged that could not be read back.
            Assert.Equal(StatusCode.DataLoss, (await Assert.ThrowsAsync<RpcException>(() => GetNoteAsync(_victim, "v0"))).StatusCode);
            Assert.Equal(StatusCode.DataLoss, (await Assert.ThrowsAsync<RpcException>(() => AddNotesAsync(_victim, "late", 0, 1))).StatusCode);
        }

        if (family == "updates")
        {
            // Only the victim's records are in the damaged block: the bystander keeps working.
            Assert.DoesNotContain(storage.DamagedOrgs, d => d.OrgId == _bystander);
            await AddNotesAsync(_bystander, "b", BystanderNotes, 30);
        }

        var repair = await _node.Orgs.RepairOrgAsync(new RepairOrgRequest { Id = _victim });
        if (family == "updates")
        {
            Assert.InRange(repair.UpdatesLost, 1, VictimNotes - 1);
            Assert.Equal(VictimNotes, repair.UpdatesKept + repair.UpdatesLost);
            Assert.Contains($"{repair.UpdatesLost} update", repair.Message, StringComparison.Ordinal);
            Assert.Contains("local-only", repair.Message, StringComparison.Ordinal);
        }
        else
        {
            // The damage hid the org's state (docstate) or only its metadata (orgs): every log record is kept.
            Assert.Equal(VictimNotes, repair.UpdatesKept);
        }

        Assert.Null(repair.Org.Damage);
        await AddNotesAsync(_victim, "after", 0, 10);
        await _node.KillAsync();
        await _node.RestartAsync();

        var after = (await _node.Node.GetStatusAsync(new GetStatusRequest())).Storage;
        Assert.Equal(StorageState.Ok, after.State);
        Assert.Equal(2, (await _node.Orgs.ListOrgsAsync(new ListOrgsRequest())).Orgs.Count);
        Assert.Equal(10, await CountNotesAsync(_victim, "after", 10));
        // Notes written after a lost one by the same writer stay pending in the CRDT until a peer supplies it; the
        // ones before the hole are all readable, and the count never exceeds what the repair kept.
        var visible = await CountNotesAsync(_victim, "v", VictimNotes);
        Assert.InRange(visible, family == "updates" ? 1 : VictimNotes, repair.UpdatesKept);
        Assert.Equal(family == "updates" ? BystanderNotes + 30 : BystanderNotes, await CountNotesAsync(_bystander, "b", BystanderNotes + 30));
    }

    [Theory]
    [InlineData("middle")]
    [InlineData("tail")]
    public async Task AWalDamagedBeforeItsEnd_IsReported_KeepsEveryReadableRecord_AndLosesNothingAcknowledgedAfterwards(string where)
    {
        await _node.KillAsync();
        var wal = CurrentWal();
        var length = new FileInfo(wal).Length;
        Overwrite64Bytes(wal, where == "middle" ? length / 2 : length - 64);

        await _node.RestartAsync();

        var storage = (await _node.Node.GetStatusAsync(new GetStatusRequest())).Storage;
        Assert.Equal(StorageState.Damaged, storage.State);
        var notice = Assert.Single(storage.Notices);
        Assert.Equal("wal_damaged", notice.Kind);
        Assert.Equal(DatabasePath, notice.Path);
        Assert.StartsWith("Corruption", notice.Detail, StringComparison.Ordinal);
        Assert.Equal(BystanderNotes, await CountNotesAsync(_bystander, "b", BystanderNotes));
        if (where == "middle")
        {
            // Later records of the victim survived the damaged block, so its log shows the hole.
            var damaged = Assert.Single(storage.DamagedOrgs);
            Assert.Equal(_victim, damaged.OrgId);
            Assert.Equal(StatusCode.DataLoss, (await Assert.ThrowsAsync<RpcException>(() => GetNoteAsync(_victim, "v0"))).StatusCode);
            var repair = await _node.Orgs.RepairOrgAsync(new RepairOrgRequest { Id = _victim });
            Assert.InRange(repair.UpdatesLost, 1, VictimNotes / 2);
            Assert.InRange(await CountNotesAsync(_victim, "v", VictimNotes), 1, repair.UpdatesKept);
        }
        else
        {
            // Only the last record was hit: skipping it keeps everything before, and the log is consistent.
            Assert.Empty(storage.DamagedOrgs);
            Assert.InRange(await CountNotesAsync(_victim, "v", VictimNotes), VictimNotes - 2, VictimNotes - 1);
        }

        await AddNotesAsync(_bystander, "b", BystanderNotes, 30);
        await AddNotesAsync(_victim, "after", 0, 10);
        await _node.KillAsync();
        await _node.RestartAsync();

        Assert.Equal(BystanderNotes + 30, await CountNotesAsync(_bystander, "b", BystanderNotes + 30));
        Assert.Equal(10, await CountNotesAsync(_victim, "after", 10));
        // The account of the damaged WAL outlives the restart (RocksDB consumed the file), until a repair.
        var again = (await _node.Node.GetStatusAsync(new GetStatusRequest())).Storage;
        Assert.Equal(where == "middle" ? 0 : 1, again.Notices.Count(n => n.Kind == "wal_damaged"));
    }

    [Fact]
    public async Task AWalCutShort_IsReportedAsADiscardedTail_NotAsDamage_AndLosesNothingAcknowledgedAfterwards()
    {
        await _node.KillAsync();
        var wal = CurrentWal();
        using (var file = new FileStream(wal, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(file.Length / 2);
        }

        await _node.RestartAsync();

        var storage = (await _node.Node.GetStatusAsync(new GetStatusRequest())).Storage;
        var notice = Assert.Single(storage.Notices);
        Assert.Equal("wal_tail_discarded", notice.Kind);
        Assert.Equal(DatabasePath, notice.Path);
        Assert.Contains("truncated", notice.Detail, StringComparison.Ordinal);
        Assert.Equal(StorageState.Ok, storage.State);
        Assert.Empty(storage.DamagedOrgs);
        Assert.Equal(BystanderNotes, await CountNotesAsync(_bystander, "b", BystanderNotes));

        await AddNotesAsync(_victim, "after", 0, 10);
        await _node.KillAsync();
        await _node.RestartAsync();

        Assert.Equal(10, await CountNotesAsync(_victim, "after", 10));
    }

    /// <summary>A graceful stop leaves the data in the WAL; the next open replays it into one table file per family.</summary>
    private async Task MoveEverythingIntoTableFilesAsync()
    {
        await _node.StopAsync();
        await _node.RestartAsync();
        await _node.StopAsync();
    }

    /// <summary>The table files of a column family that still exist, from RocksDB's own LOG ("table_file_creation").</summary>
    private List<string> LiveTableFiles(string family)
    {
        var numbers = Directory.GetFiles(DatabasePath, "LOG*")
            .SelectMany(log => TableCreation().Matches(File.ReadAllText(log)))
            .Where(m => m.Groups["family"].Value == family)
            .Select(m => long.Parse(m.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture));
        return numbers.Select(n => Path.Combine(DatabasePath, $"{n:D6}.sst")).Where(File.Exists).Distinct().ToList();
    }

    private string CurrentWal() =>
        Directory.GetFiles(DatabasePath, "*.log").OrderByDescending(f => new FileInfo(f).Length).First();

    private static void Overwrite64Bytes(string file, long offset)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(Enumerable.Repeat((byte)0xA5, 64).ToArray());
    }

    private Greeter.GreeterClient Greeter => new(_node.Channel);

    private async Task AddNotesAsync(string orgId, string prefix, int from, int count)
    {
        for (var i = from; i < from + count; i++)
        {
            // Varied text, so the update log spans many compressed blocks.
            await Greeter.AddNoteAsync(new AddNoteRequest { OrgId = orgId, NoteId = $"{prefix}{i}", Text = $"{prefix}{i} {Guid.NewGuid()} {Guid.NewGuid()}" });
        }
    }

    private Task<GetNoteReply> GetNoteAsync(string orgId, string noteId) =>
        Greeter.GetNoteAsync(new GetNoteRequest { OrgId = orgId, NoteId = noteId }).ResponseAsync;

    private async Task<int> CountNotesAsync(string orgId, string prefix, int upTo)
    {
        var found = 0;
        for (var i = 0; i < upTo; i++)
        {
            var note = await GetNoteAsync(orgId, $"{prefix}{i}");
            found += note.Found && note.Text.StartsWith($"{prefix}{i} ", StringComparison.Ordinal) ? 1 : 0;
        }

        return found;
    }

    [GeneratedRegex("\"cf_name\": \"(?<family>\\w+)\", \"job\": \\d+, \"event\": \"table_file_creation\", \"file_number\": (?<number>\\d+)")]
    private static partial Regex TableCreation();
}
