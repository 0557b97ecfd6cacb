namespace P2PClinic.Crdt.Tests;

public class ObserverTests
{
    [Fact]
    public void Observe_OnAMap_ReportsAddUpdateAndDeleteWithOldValues()
    {
        var doc = TestDocs.New(1);
        var map = doc.GetMap("m");
        map.Set("keep", 1);
        map.Set("gone", 2);
        var events = new List<YEvent>();
        Dictionary<string, YKeyChange>? keys = null;
        map.Observe(e =>
        {
            events.Add(e);
            keys = new(e.Keys);
        });
        doc.Transact(_ =>
        {
            map.Set("new", 3);
            map.Set("keep", 10);
            map.Delete("gone");
        });
        Assert.Single(events);
        Assert.Equal(new YKeyChange(YKeyAction.Add, null), keys!["new"]);
        Assert.Equal(new YKeyChange(YKeyAction.Update, 1L), keys["keep"]);
        Assert.Equal(new YKeyChange(YKeyAction.Delete, 2L), keys["gone"]);
    }

    [Fact]
    public void AnEventKeptAfterItsTransaction_StillDescribesThatTransaction_AfterLaterOnes()
    {
        // Finished transactions hand their delete set and state vectors to the next one unless an
        // event was made for them: an event read late must still see its own transaction's. (Without
        // gc: a collected old value is gone whenever the event is read after its transaction.)
        var doc = TestDocs.New(1, gc: false);
        var map = doc.GetMap("m");
        map.Set("a", 1);
        YEvent? kept = null;
        void Keep(YEvent e) => kept ??= e;
        map.Observe(Keep);
        map.Set("a", 2);
        map.Unobserve(Keep);
        for (var i = 0; i < 10; i++)
        {
            map.Set("b", i);
            map.Delete("b");
        }

        Assert.Equal(new YKeyChange(YKeyAction.Update, 1L), Assert.Single(kept!.Keys).Value);
        Assert.Equal("a", Assert.Single(kept.Keys).Key);
    }

    [Fact]
    public void Observe_OnAnArray_ReportsTheDelta()
    {
        var doc = TestDocs.New(1);
        var array = doc.GetArray("a");
        array.Push(1, 2, 3);
        List<YDeltaOp>? delta = null;
        array.Observe(e => delta = [.. e.Delta]);
        doc.Transact(_ =>
        {
            array.Delete(0);
            array.Insert(2, "x");
        });
        Assert.NotNull(delta);
        Assert.Equal(1, delta[0].Delete);
        Assert.Equal(2, delta[1].Retain);
        Assert.Equal(new object?[] { "x" }, delta[2].Insert);
        Assert.Equal(3, delta.Count);
    }

    [Fact]
    public void ObserveDeep_ReportsNestedChangesWithTheirPath()
    {
        var doc = TestDocs.New(1);
        var contacts = doc.GetMap("contacts");
        contacts.Set("c1", new YMap());
        var nested = (YMap)contacts.Get("c1")!;
        var paths = new List<string>();
        contacts.ObserveDeep(events =>
        {
            foreach (var e in events)
            {
                paths.Add(string.Join("/", e.Path) + ":" + string.Join(",", e.KeysChanged));
            }
        });
        nested.Set("name", "Ada");
        Assert.Equal(["c1:name"], paths);
        Unobserved(contacts, paths);
    }

    private static void Unobserved(YMap contacts, List<string> paths)
    {
        var before = paths.Count;
        var handler = new Action<IReadOnlyList<YEvent>>(_ => paths.Add("second"));
        contacts.ObserveDeep(handler);
        contacts.UnobserveDeep(handler);
        contacts.Set("x", 1);
        Assert.Equal(before + 1, paths.Count);
    }

    [Fact]
    public void Updated_FiresOncePerTransactionWithOriginAndLocality()
    {
        var a = TestDocs.New(1);
        var seen = new List<(object? Origin, bool Local, int Bytes)>();
        a.Updated += (_, e) => seen.Add((e.Origin, e.IsLocal, e.Update.Length));
        a.Transact(
            _ =>
            {
                a.GetMap("m").Set("x", 1);
                a.GetMap("m").Set("y", 2);
            },
            "ui");
        var b = TestDocs.New(2);
        var bSeen = new List<(object? Origin, bool Local)>();
        b.Updated += (_, e) => bSeen.Add((e.Origin, e.IsLocal));
        b.ApplyUpdate(a.EncodeStateAsUpdate(), "peer");
        b.ApplyUpdate(a.EncodeStateAsUpdate(), "peer");
        Assert.Single(seen);
        Assert.Equal("ui", seen[0].Origin);
        Assert.True(seen[0].Local);
        Assert.Equal([("peer", false)], bSeen);
    }

    [Fact]
    public void Transact_Nested_JoinsTheOuterTransaction()
    {
        var doc = TestDocs.New(1);
        var updates = TestDocs.Record(doc);
        doc.Transact(_ =>
        {
            doc.GetMap("m").Set("a", 1);
            doc.Transact(_ => doc.GetMap("m").Set("b", 2), "inner");
        });
        Assert.Single(updates);
    }

    [Fact]
    public void AnObserverThatThrows_DoesNotStopTheUpdateEvent_AndTheErrorSurfaces()
    {
        var doc = TestDocs.New(1);
        var updates = TestDocs.Record(doc);
        doc.GetMap("m").Observe(_ => throw new InvalidOperationException("observer failed"));
        Assert.Throws<InvalidOperationException>(() => doc.GetMap("m").Set("a", 1));
        Assert.Single(updates);
        Assert.Equal(1L, doc.GetMap("m").Get("a"));
    }
}
