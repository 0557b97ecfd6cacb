namespace P2PClinic.Crdt.Tests;

public class SyncBehaviourTests
{
    [Fact]
    public void ApplyUpdate_OfALaterUpdateFirst_WaitsAsPendingUntilTheEarlierArrives()
    {
        var a = TestDocs.New(1);
        var updates = TestDocs.Record(a);
        a.GetText("t").Insert(0, "hello");
        a.GetText("t").Insert(5, " world");
        var b = TestDocs.New(2);
        b.ApplyUpdate(updates[1]);
        Assert.Equal(string.Empty, b.GetText("t").ToString());
        Assert.Empty(YUpdate.DecodeStateVector(b.EncodeStateVector()));
        b.ApplyUpdate(updates[0]);
        Assert.Equal("hello world", b.GetText("t").ToString());
        Assert.Equal(a.EncodeStateAsUpdate(), b.EncodeStateAsUpdate());
    }

    [Fact]
    public void EncodeStateAsUpdate_WithPendingStructs_IncludesThem()
    {
        var a = TestDocs.New(1);
        var updates = TestDocs.Record(a);
        a.GetArray("a").Push(1);
        a.GetArray("a").Push(2);
        var b = TestDocs.New(2);
        b.ApplyUpdate(updates[1]);
        var c = TestDocs.New(3);
        c.ApplyUpdate(b.EncodeStateAsUpdate());
        c.ApplyUpdate(updates[0]);
        Assert.Equal(new object?[] { 1L, 2L }, c.GetArray("a").ToArray());
    }

    [Fact]
    public void ApplyUpdate_OfADeleteBeforeTheInsertItDeletes_AppliesItLater()
    {
        var a = TestDocs.New(1);
        var updates = TestDocs.Record(a);
        a.GetArray("a").Push("x", "y");
        a.GetArray("a").Delete(0);
        var b = TestDocs.New(2);
        b.ApplyUpdate(updates[1]);
        b.ApplyUpdate(updates[0]);
        Assert.Equal(new object?[] { "y" }, b.GetArray("a").ToArray());
    }

    [Fact]
    public void Gc_On_DropsDeletedContent_Off_KeepsIt()
    {
        foreach (var gc in new[] { true, false })
        {
            var doc = TestDocs.New(1, gc);
            doc.GetArray("a").Push("a long string value that takes space");
            doc.GetArray("a").Delete(0);
            var item = (P2PClinic.Crdt.Internal.Item)doc.Store.Clients[1][0];
            if (gc)
            {
                Assert.IsType<P2PClinic.Crdt.Internal.DeletedContent>(item.Content);
            }
            else
            {
                Assert.IsType<P2PClinic.Crdt.Internal.AnyContent>(item.Content);
            }

            var copy = TestDocs.New(2, gc);
            copy.ApplyUpdate(doc.EncodeStateAsUpdate());
            Assert.Empty(copy.GetArray("a").ToArray());
        }
    }

    [Fact]
    public void Gc_OfADeletedNestedType_CollectsItsChildrenToo()
    {
        var doc = TestDocs.New(1);
        var nested = new YMap();
        nested.Set("a", "x");
        doc.GetMap("m").Set("child", nested);
        doc.GetMap("m").Delete("child");
        Assert.All(doc.Store.Clients[1], s => Assert.True(s.Deleted));
        Assert.Contains(doc.Store.Clients[1], s => s is P2PClinic.Crdt.Internal.GcStruct);
    }

    [Fact]
    public void TwoPeers_WithRandomConcurrentEdits_Converge()
    {
        var random = new Random(11);
        var docs = new[] { TestDocs.New(1), TestDocs.New(2), TestDocs.New(3) };
        for (var round = 0; round < 200; round++)
        {
            var doc = docs[random.Next(docs.Length)];
            var text = doc.GetText("t");
            switch (random.Next(4))
            {
                case 0 when text.Length > 0:
                    var i = random.Next(text.Length);
                    text.Delete(i, Math.Min(text.Length - i, 2));
                    break;
                case 1:
                    doc.GetMap("m").Set("k" + random.Next(5), round);
                    break;
                case 2:
                    doc.GetArray("a").Insert(random.Next(doc.GetArray("a").Length + 1), round);
                    break;
                default:
                    text.Insert(random.Next(text.Length + 1), "ab");
                    break;
            }

            if (random.Next(5) == 0)
            {
                TestDocs.Sync(doc, docs[random.Next(docs.Length)]);
            }
        }

        TestDocs.Sync(docs[0], docs[1]);
        TestDocs.Sync(docs[1], docs[2]);
        TestDocs.Sync(docs[0], docs[1]);
        Assert.Equal(docs[0].EncodeStateAsUpdate(), docs[1].EncodeStateAsUpdate());
        Assert.Equal(docs[1].EncodeStateAsUpdate(), docs[2].EncodeStateAsUpdate());
        Assert.Equal(docs[0].GetText("t").ToString(), docs[2].GetText("t").ToString());
    }

    [Fact]
    public void ApplyUpdate_OfOurOwnClientIdFromElsewhere_SwitchesToAFreshClientId()
    {
        var a = TestDocs.New(7);
        a.GetMap("m").Set("x", 1);
        var b = TestDocs.New(7);
        b.ApplyUpdate(a.EncodeStateAsUpdate());
        Assert.NotEqual(7u, b.ClientId);
        b.GetMap("m").Set("y", 2);
        a.ApplyUpdate(b.EncodeStateAsUpdate());
        Assert.Equal(2L, a.GetMap("m").Get("y"));
    }
}
