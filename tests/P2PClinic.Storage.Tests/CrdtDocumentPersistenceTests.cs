using System.Text.Json;
using P2PClinic.Crdt;
using P2PClinic.Storage.Tests.Fixtures;
using static P2PClinic.Storage.Tests.Fixtures.StoreBuilder;

namespace P2PClinic.Storage.Tests;

/// <summary>The store with the real CRDT engine, used the way the host uses it.</summary>
public sealed class CrdtDocumentPersistenceTests : IDisposable
{
    private readonly TempDataDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private DocumentStore Open() => DocumentStore.Open(_dir.Path, new DocumentStoreOptions
    {
        CompactAfterUpdates = 10,
        MergeUpdates = YUpdate.Merge,
    });

    private static string Json(Doc doc) => JsonSerializer.Serialize(doc.GetMap("contacts").ToJson());

    /// <summary>Runs one transaction and appends the update it produced, as the host does.</summary>
    private static async Task EditAsync(DocumentStore store, Guid orgId, Doc doc, Action<YMap> edit)
    {
        byte[]? update = null;
        void Capture(object? sender, DocUpdateEventArgs e) => update = e.Update;
        doc.Updated += Capture;
        try
        {
            doc.Transact(_ => edit(doc.GetMap("contacts")));
        }
        finally
        {
            doc.Updated -= Capture;
        }

        Assert.NotNull(update);
        await store.Updates.AppendAsync(orgId, update, doc.EncodeStateVector());
    }

    [Fact]
    public async Task DocUpdates_CompactedWithYUpdateMerge_RebuildAnEqualDocAfterReopen()
    {
        var doc = new Doc(new DocOptions { ClientId = 7 });
        Guid orgId;
        using (var store = Open())
        {
            orgId = (await store.Orgs.CreateAsync(Org())).Id;
            for (var i = 0; i < 45; i++)
            {
                await EditAsync(store, orgId, doc, contacts =>
                {
                    var contact = new YMap();
                    contacts.Set($"contact-{i}", contact);
                    contact.Set("name", $"Contact {i}");
                    contact.Set("visits", i);
                });
            }

            await EditAsync(store, orgId, doc, contacts => contacts.Delete("contact-3"));
            await EditAsync(store, orgId, doc, contacts => ((YMap)contacts.Get("contact-4")!).Set("name", "Renamed"));
        }

        using var reopened = Open();
        var log = reopened.Updates.Read(orgId);
        var rebuilt = new Doc(new DocOptions { ClientId = 8 });
        foreach (var record in log.Updates)
        {
            rebuilt.ApplyUpdate(record.Update);
        }

        Assert.True(log.Updates.Count < 10, $"the log of 47 updates was compacted, yet holds {log.Updates.Count} records");
        Assert.Equal(Json(doc), Json(rebuilt));
        Assert.Equal(44, rebuilt.GetMap("contacts").Count);
        Assert.Equal(YUpdate.DecodeStateVector(doc.EncodeStateVector()), YUpdate.DecodeStateVector(log.StateVector));
        Assert.Equal(YUpdate.DecodeStateVector(doc.EncodeStateVector()), YUpdate.DecodeStateVector(rebuilt.EncodeStateVector()));
    }
}
