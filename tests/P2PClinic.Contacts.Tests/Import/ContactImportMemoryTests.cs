extern alias ContactsPlugin;
using System.Text;
using ContactsPlugin::P2PClinic.Plugins.Contacts.Internal;
using P2PClinic.Crdt;
using P2PClinic.Tests.Shared;

namespace P2PClinic.Contacts.Tests.Import;

/// <summary>Measures the whole process's managed heap, so it runs alone: no other test allocates meanwhile.</summary>
[CollectionDefinition(nameof(HeldMemory), DisableParallelization = true)]
public sealed class HeldMemory;

/// <summary>
/// What an import leaves in memory once it is done: the org's document and the book's index of what it stored, and
/// nothing else that grows with the file (the request, the decoded text, the parsed cards, per-batch buffers). Held
/// bytes are the live managed heap after a full, compacting collection: a count of bytes, not a timing.
/// </summary>
[Collection(nameof(HeldMemory))]
public sealed class ContactImportMemoryTests
{
    private const int Cards = 2_000;

    [Fact]
    public async Task AnImportHoldsNoMoreThanTheDocumentAndTheIndexOfWhatItStored()
    {
        var vcf = Book(Cards);
        var beforeImport = HeldBytes();
        var document = new InMemoryOrgDocument(clientId: 1);
        using var book = ContactBook.Open(document, TimeProvider.System);
        var stored = 0;
        await ContactImport.RunAsync(book, vcf, p => { stored = p.Created; return Task.CompletedTask; }, CancellationToken.None);
        var heldByImport = HeldBytes() - beforeImport;

        // The same contacts in a document and a book built afresh from the stored state: what the import must hold.
        var state = document.Read(d => d.EncodeStateAsUpdate());
        var beforeCopy = HeldBytes();
        var doc = new Doc(new DocOptions { ClientId = 2 });
        doc.ApplyUpdate(state);
        using var copy = ContactBook.Open(new InMemoryOrgDocument(doc), TimeProvider.System);
        var heldByCopy = HeldBytes() - beforeCopy;

        Assert.Equal(Cards, stored);
        Assert.Equal(Cards, copy.Index.Count);
        // A twentieth more for the difference between a document grown by many transactions and one decoded at once, and
        // half a MiB for the runtime's own bookkeeping; the file alone is larger than that.
        Assert.True(vcf.Length > 512 * 1024);
        Assert.InRange(heldByImport, 0, (heldByCopy * 1.05) + (512 * 1024));
        GC.KeepAlive(vcf);
        GC.KeepAlive(book);
    }

    private static long HeldBytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static byte[] Book(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Append("BEGIN:VCARD\r\nVERSION:4.0\r\n")
                .Append($"FN:Patient {i:D6} Müller\r\nN:Müller;Patient {i:D6};;;\r\n")
                .Append($"EMAIL;TYPE=work:patient{i}@clinic.example\r\nTEL;TYPE=cell:+41 79 {i:D7}\r\n")
                .Append("NOTE:").Append('n', 200).Append("\r\n")
                .Append($"UID:urn:uuid:00000000-0000-4000-8000-{i:D12}\r\nEND:VCARD\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
