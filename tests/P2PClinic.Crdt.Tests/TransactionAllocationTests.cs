namespace P2PClinic.Crdt.Tests;

/// <summary>
/// Allocation per one-field transaction (issue 16: the w4 workload, what members do all day).
/// Counted with GC.GetAllocatedBytesForCurrentThread, which is deterministic for a given runtime,
/// unlike a time.
/// </summary>
public class TransactionAllocationTests
{
    private const int Contacts = 2_000;
    private const int Transactions = 20_000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SetOneField_OnAContactOfARemoteDoc_AllocatesAtMost320BytesPerTransaction(bool gc)
    {
        // As w4: a doc that applied another client's contacts, then one field set per transaction,
        // each replacing the field's previous value (a delete), with no observer listening.
        var source = TestDocs.New(1);
        var root = source.GetMap("contacts");
        for (var i = 0; i < Contacts; i++)
        {
            var key = $"c{i}";
            source.Transact(_ =>
            {
                root.Set(key, new YMap());
                ((YMap)root.Get(key)!).Set("email", $"first{i}@example.org");
            });
        }

        var doc = TestDocs.New(3, gc);
        doc.ApplyUpdate(source.EncodeStateAsUpdate());
        var contacts = Enumerable.Range(0, Contacts).Select(i => (YMap)doc.GetMap("contacts").Get($"c{i}")!).ToArray();
        var values = Enumerable.Range(0, 2 * Transactions).Select(i => $"value {i}").ToArray();
        for (var k = 0; k < Transactions; k++)
        {
            contacts[k % Contacts].Set("email", values[k]); // warm: every contact has a local value once
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < Transactions; k++)
        {
            contacts[(k * 7) % Contacts].Set("email", values[Transactions + k]);
        }

        var perTransaction = (GC.GetAllocatedBytesForCurrentThread() - before) / Transactions;

        Assert.True(perTransaction <= 320, $"{perTransaction} bytes per one-field transaction (gc {gc})");
        Assert.Equal(values[^1], contacts[(Transactions - 1) * 7 % Contacts].Get("email"));
    }

    [Fact]
    public void ApplyUpdate_OfContactsOfEightStringFields_AllocatesAtMost500BytesPerField()
    {
        // As w3 (opening an org, a first sync): another client's contacts applied to a fresh doc.
        // A field's value is one string in an any content, held without a list of one; the first value
        // of a key has no concurrent items to order, so YATA's two sets are not made for it; a map's
        // dictionary makes room for 11 entries with its first instead of growing 3, 7, 17.
        var source = TestDocs.New(1);
        var root = source.GetMap("contacts");
        string[] fields = ["name", "email", "phone", "street", "city", "zip", "notes", "tag"];
        for (var i = 0; i < Contacts; i++)
        {
            var key = $"c{i}";
            source.Transact(_ =>
            {
                root.Set(key, new YMap());
                var contact = (YMap)root.Get(key)!;
                foreach (var field in fields)
                {
                    contact.Set(field, $"{field} {i}");
                }
            });
        }

        var update = source.EncodeStateAsUpdate();
        var doc = TestDocs.New(3);

        var before = GC.GetAllocatedBytesForCurrentThread();
        doc.ApplyUpdate(update);
        var perField = (GC.GetAllocatedBytesForCurrentThread() - before) / (Contacts * fields.Length);

        Assert.True(perField <= 500, $"{perField} bytes per field applied");
        Assert.Equal($"tag {Contacts - 1}", ((YMap)doc.GetMap("contacts").Get($"c{Contacts - 1}")!).Get("tag"));
    }
}
