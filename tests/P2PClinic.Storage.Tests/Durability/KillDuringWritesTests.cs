using System.Globalization;
using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests.Durability;

public sealed class KillDuringWritesTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1000)] // plain appends
    [InlineData(5)]    // appends with a compaction every few records, so the kill can land inside one
    public async Task EveryAcknowledgedUpdate_SurvivesSigkillOfTheWritingProcess(int compactAfter)
    {
        Guid orgId;
        using (var store = DocumentStore.Open(_dir.Path))
        {
            orgId = (await store.Orgs.CreateAsync(Org())).Id;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var acknowledged = new List<int>();
        using (var writer = StoreWriterChild.Start("append", _dir.Path, orgId.ToString(), compactAfter.ToString(CultureInfo.InvariantCulture)))
        {
            await writer.ExpectLineAsync("ready", timeout.Token);
            while (acknowledged.Count < 150 && await writer.ReadLineAsync(timeout.Token) is { } line)
            {
                var parts = line.Split(' ');
                Assert.Equal("ack", parts[0]);
                acknowledged.Add(int.Parse(parts[2], CultureInfo.InvariantCulture));
            }

            // SIGKILL while the child is still appending: no shutdown, no flush, no close.
            await writer.KillAsync();
            Assert.Equal(137, writer.Process.ExitCode);
        }

        Assert.Equal(150, acknowledged.Count);
        using var reopened = DocumentStore.Open(_dir.Path, new DocumentStoreOptions { MergeUpdates = ConcatMerge.Merge });
        var stored = ConcatMerge.Originals(reopened.Updates.Read(orgId));
        // Every acknowledged update is there, in order; the ones in flight at the kill may be too.
        Assert.Equal(acknowledged.Select(i => $"acked-update-{i}"), stored.Take(acknowledged.Count));
        Assert.Equal(Enumerable.Range(0, stored.Count).Select(i => $"acked-update-{i}"), stored);
    }
}
