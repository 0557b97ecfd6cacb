namespace P2PClinic.Crdt.Tests;

public class MapTests
{
    [Fact]
    public void Set_ThenGet_ReturnsTheValueInTheEnginesRepresentation()
    {
        var doc = TestDocs.New(1);
        var map = doc.GetMap("m");
        map.Set("int", 5);
        map.Set("float", 0.5f);
        map.Set("text", "hi");
        map.Set("bytes", new byte[] { 1, 2 });
        map.Set("obj", new Dictionary<string, object?> { ["a"] = 1 });
        Assert.Equal(5L, map.Get("int"));
        Assert.Equal(0.5, map.Get("float"));
        Assert.Equal("hi", map.Get("text"));
        Assert.Equal(new byte[] { 1, 2 }, map.Get("bytes"));
        Assert.Equal(1L, ((IReadOnlyDictionary<string, object?>)map.Get("obj")!)["a"]);
        Assert.Equal(5, map.Count);
    }

    [Fact]
    public void Set_OfAnExistingKey_OverwritesAndDeleteRemoves()
    {
        var doc = TestDocs.New(1);
        var map = doc.GetMap("m");
        map.Set("k", 1);
        map.Set("k", 2);
        Assert.Equal(2L, map.Get("k"));
        map.Delete("k");
        Assert.False(map.ContainsKey("k"));
        Assert.Null(map.Get("k"));
        Assert.Empty(map.Keys);
    }

    [Fact]
    public void EncodeStateAsUpdate_OfTwoSetsOfOneKey_IsTheBytesYjsWrites()
    {
        // Produced by yjs 13.6: doc.clientID = 5; m.set('a', 1); m.set('a', 2); Y.encodeStateAsUpdate(doc).
        var doc = TestDocs.New(5);
        doc.GetMap("m").Set("a", 1);
        doc.GetMap("m").Set("a", 2);
        Assert.Equal("010205002101016d016101a80500017d020105010001", TestDocs.Hex(doc.EncodeStateAsUpdate()));
    }

    [Fact]
    public void ConcurrentSetsOfOneKey_ConvergeToTheSameWinner()
    {
        var a = TestDocs.New(1);
        var b = TestDocs.New(2);
        a.GetMap("m").Set("k", "from a");
        b.GetMap("m").Set("k", "from b");
        TestDocs.Sync(a, b);
        Assert.Equal(a.GetMap("m").Get("k"), b.GetMap("m").Get("k"));
        // YATA orders the higher client id to the right, and the rightmost value wins.
        Assert.Equal("from b", a.GetMap("m").Get("k"));
    }

    [Fact]
    public void Set_OfAnUnsupportedValue_ThrowsAndChangesNothing()
    {
        var doc = TestDocs.New(1);
        var updates = TestDocs.Record(doc);
        Assert.Throws<ArgumentException>(() => doc.GetMap("m").Set("k", new object()));
        Assert.Empty(updates);
        Assert.Equal(0, doc.GetMap("m").Count);
    }

    [Fact]
    public void NestedTypes_InAMapInAnArrayInAMap_SyncAsJson()
    {
        var a = TestDocs.New(1);
        var inner = new YMap();
        inner.Set("name", "Ada");
        var list = new YArray();
        list.Push(inner, 3);
        a.GetMap("contacts").Set("c1", list);
        ((YMap)((YArray)a.GetMap("contacts").Get("c1")!).Get(0)!).Set("email", "ada@example.org");

        var b = TestDocs.New(2);
        b.ApplyUpdate(a.EncodeStateAsUpdate());
        var json = (IReadOnlyDictionary<string, object?>)b.GetMap("contacts").ToJson()!;
        var c1 = (IReadOnlyList<object?>)json["c1"]!;
        var person = (IReadOnlyDictionary<string, object?>)c1[0]!;
        Assert.Equal("Ada", person["name"]);
        Assert.Equal("ada@example.org", person["email"]);
        Assert.Equal(3L, c1[1]);
    }

    [Fact]
    public void GetMap_OfARootAnUpdateCreated_AdoptsItsContent()
    {
        var a = TestDocs.New(1);
        a.GetMap("m").Set("k", "v");
        var b = TestDocs.New(2);
        b.ApplyUpdate(a.EncodeStateAsUpdate());
        Assert.Contains("m", b.RootNames);
        Assert.True(b.TryGetRootKind("m", out var kind));
        Assert.Equal(YTypeKind.Map, kind);
        Assert.Equal("v", b.GetMap("m").Get("k"));
        Assert.Throws<InvalidOperationException>(() => b.GetText("m"));
    }

    [Fact]
    public void Set_OfATypeAlreadyInADocument_Throws()
    {
        var doc = TestDocs.New(1);
        var nested = new YMap();
        doc.GetMap("m").Set("a", nested);
        Assert.Throws<InvalidOperationException>(() => doc.GetMap("m").Set("b", nested));
    }
}
