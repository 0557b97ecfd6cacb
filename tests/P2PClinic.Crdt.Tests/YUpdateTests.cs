namespace P2PClinic.Crdt.Tests;

public class YUpdateTests
{
    [Fact]
    public void Merge_OfConsecutiveUpdates_AppliesLikeTheWholeHistory()
    {
        var a = TestDocs.New(1);
        var updates = TestDocs.Record(a);
        a.GetText("t").Insert(0, "abc");
        a.GetMap("m").Set("k", "v");
        a.GetText("t").Delete(0, 1);
        var merged = YUpdate.Merge(updates);
        var b = TestDocs.New(2);
        b.ApplyUpdate(merged);
        Assert.Equal(a.EncodeStateAsUpdate(), b.EncodeStateAsUpdate());
    }

    [Fact]
    public void Diff_AgainstAStateVector_LeavesOutWhatThePeerHas()
    {
        var a = TestDocs.New(1);
        a.GetArray("a").Push(1, 2);
        var b = TestDocs.New(2);
        b.ApplyUpdate(a.EncodeStateAsUpdate());
        a.GetArray("a").Push(3);
        var diff = YUpdate.Diff(a.EncodeStateAsUpdate(), b.EncodeStateVector());
        Assert.True(diff.Length < a.EncodeStateAsUpdate().Length);
        b.ApplyUpdate(diff);
        Assert.Equal(new object?[] { 1L, 2L, 3L }, b.GetArray("a").ToArray());
    }

    [Fact]
    public void EncodeStateVectorFromUpdate_EqualsTheDocsStateVector()
    {
        var a = TestDocs.New(300);
        a.GetText("t").Insert(0, "xyz");
        var sv = YUpdate.DecodeStateVector(YUpdate.EncodeStateVectorFromUpdate(a.EncodeStateAsUpdate()));
        Assert.Equal(new Dictionary<uint, long> { [300] = 3 }, sv);
        Assert.Equal(a.EncodeStateVector(), YUpdate.EncodeStateVectorFromUpdate(a.EncodeStateAsUpdate()));
    }

    [Fact]
    public void Merge_OfUpdatesWithAGap_KeepsTheGapAsASkip()
    {
        var a = TestDocs.New(1);
        var updates = TestDocs.Record(a);
        a.GetArray("a").Push(1);
        a.GetArray("a").Push(2);
        a.GetArray("a").Push(3);
        var merged = YUpdate.Merge([updates[0], updates[2]]);
        var b = TestDocs.New(2);
        b.ApplyUpdate(merged);
        Assert.Equal(new object?[] { 1L }, b.GetArray("a").ToArray());
        b.ApplyUpdate(updates[1]);
        Assert.Equal(new object?[] { 1L, 2L, 3L }, b.GetArray("a").ToArray());
    }

    [Fact]
    public void Split_OfABigDocument_GivesPiecesNearTheTarget_ThatRebuildItInAnyOrder()
    {
        var a = TestDocs.New(1);
        var contacts = a.GetMap("contacts");
        for (var i = 0; i < 2000; i++)
        {
            var contact = new YMap();
            contact.Set("name", "Patient " + i);
            contact.Set("phone", "+41 44 " + i);
            contacts.Set("c" + i, contact);
        }

        var b = TestDocs.New(2);
        b.ApplyUpdate(a.EncodeStateAsUpdate());
        for (var i = 0; i < 500; i++)
        {
            b.GetMap("contacts").Delete("c" + (i * 3));
            b.GetText("notes").Insert(0, "note " + i + ";");
        }

        var state = b.EncodeStateAsUpdate();
        var pieces = YUpdate.Split(state, 4096);

        Assert.InRange(pieces.Count, state.Length / 4096 / 2, (state.Length / 4096) + 2);
        Assert.All(pieces, p => Assert.InRange(p.Length, 1, 4096 + 256));
        foreach (var order in new[] { pieces.ToList(), pieces.Reverse().ToList(), pieces.Where((_, i) => i % 2 == 1).Concat(pieces.Where((_, i) => i % 2 == 0)).ToList() })
        {
            var rebuilt = TestDocs.New(3);
            foreach (var piece in order)
            {
                rebuilt.ApplyUpdate(piece);
            }

            Assert.Equal(b.EncodeStateVector(), rebuilt.EncodeStateVector());
            Assert.Equal(Describe(b), Describe(rebuilt));
            Assert.Equal(b.GetText("notes").ToString(), rebuilt.GetText("notes").ToString());
            Assert.Equal(1500, rebuilt.GetMap("contacts").Count);
        }
    }

    [Fact]
    public void Split_OfAnUpdateUnderTheTarget_ReturnsItWhole_AndRefusesBadInput()
    {
        var a = TestDocs.New(1);
        a.GetMap("m").Set("k", "v");
        var update = a.EncodeStateAsUpdate();
        Assert.Equal([update], YUpdate.Split(update, update.Length));
        Assert.Throws<CrdtFormatException>(() => YUpdate.Split(update[..^1], 1));
        Assert.Throws<CrdtFormatException>(() => YUpdate.Split(update[..^1], 1 << 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => YUpdate.Split(update, 0));
    }

    private static string Describe(Doc doc) =>
        string.Join('\n', doc.GetMap("contacts").Keys.Order(StringComparer.Ordinal)
            .Select(k => (YMap)doc.GetMap("contacts").Get(k)!)
            .Select(c => $"{c.Get("name")}|{c.Get("phone")}"));
}
