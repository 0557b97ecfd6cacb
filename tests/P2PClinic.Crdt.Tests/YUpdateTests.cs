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
}
