namespace P2PClinic.Crdt.Tests;

public class ArrayTests
{
    [Fact]
    public void InsertPushAndDelete_KeepOrder()
    {
        var doc = TestDocs.New(1);
        var array = doc.GetArray("a");
        array.Push(1, 2, 3);
        array.Insert(1, "x", "y");
        array.Delete(3, 2);
        Assert.Equal(new object?[] { 1L, "x", "y" }, array.ToArray());
        Assert.Equal(3, array.Length);
        Assert.Equal("y", array.Get(2));
    }

    [Fact]
    public void Insert_OutOfRange_ThrowsAndChangesNothing()
    {
        var doc = TestDocs.New(1);
        var array = doc.GetArray("a");
        array.Push(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Insert(3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Delete(0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => array.Get(1));
        Assert.Equal(new object?[] { 1L }, array.ToArray());
    }

    [Fact]
    public void ConcurrentInsertsAtTheSamePosition_InterleaveIdenticallyOnBothPeers()
    {
        var a = TestDocs.New(1);
        var b = TestDocs.New(2);
        a.GetArray("a").Push("base");
        TestDocs.Sync(a, b);
        a.GetArray("a").Insert(1, "a1", "a2");
        b.GetArray("a").Insert(1, "b1");
        b.GetArray("a").Insert(0, "b0");
        TestDocs.Sync(a, b);
        Assert.Equal(a.GetArray("a").ToArray(), b.GetArray("a").ToArray());
        Assert.Equal(new object?[] { "b0", "base", "a1", "a2", "b1" }, a.GetArray("a").ToArray());
    }

    [Fact]
    public void ManyRandomEdits_AtRandomPositions_MatchAListModel()
    {
        var doc = TestDocs.New(1);
        var array = doc.GetArray("a");
        var model = new List<object?>();
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            if (model.Count > 0 && random.Next(3) == 0)
            {
                var index = random.Next(model.Count);
                var length = Math.Min(model.Count - index, 1 + random.Next(3));
                array.Delete(index, length);
                model.RemoveRange(index, length);
            }
            else
            {
                var index = random.Next(model.Count + 1);
                array.Insert(index, (long)i);
                model.Insert(index, (long)i);
            }
        }

        Assert.Equal(model, array.ToArray());
        var copy = TestDocs.New(2);
        copy.ApplyUpdate(doc.EncodeStateAsUpdate());
        Assert.Equal(model, copy.GetArray("a").ToArray());
    }
}
