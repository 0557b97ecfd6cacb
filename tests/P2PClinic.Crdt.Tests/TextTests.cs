namespace P2PClinic.Crdt.Tests;

public class TextTests
{
    [Fact]
    public void InsertAndDelete_CountUtf16CodeUnits()
    {
        var doc = TestDocs.New(1);
        var text = doc.GetText("t");
        text.Insert(0, "a😀b");
        Assert.Equal(4, text.Length);
        text.Delete(1, 2);
        Assert.Equal("ab", text.ToString());
    }

    [Fact]
    public void Appends_OneCharacterAtATime_MergeIntoOneItem()
    {
        var doc = TestDocs.New(1);
        var text = doc.GetText("t");
        for (var i = 0; i < 100; i++)
        {
            text.Insert(text.Length, "x");
        }

        Assert.Equal(new string('x', 100), text.ToString());
        Assert.Single(doc.Store.Clients[1]);
    }

    [Fact]
    public void RandomEdits_MatchAStringModel_AndSurviveEncoding()
    {
        var doc = TestDocs.New(1);
        var text = doc.GetText("t");
        var model = new System.Text.StringBuilder();
        var random = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            if (model.Length > 0 && random.Next(4) == 0)
            {
                var index = random.Next(model.Length);
                var length = Math.Min(model.Length - index, 1 + random.Next(5));
                text.Delete(index, length);
                model.Remove(index, length);
            }
            else
            {
                var index = random.Next(model.Length + 1);
                var s = ((char)('a' + random.Next(26))).ToString();
                text.Insert(index, s);
                model.Insert(index, s);
            }
        }

        Assert.Equal(model.ToString(), text.ToString());
        var copy = TestDocs.New(2);
        copy.ApplyUpdate(doc.EncodeStateAsUpdate());
        Assert.Equal(model.ToString(), copy.GetText("t").ToString());
    }

    [Fact]
    public void Insert_WithAttributes_WritesFormatMarksAroundTheText()
    {
        var doc = TestDocs.New(1);
        var text = doc.GetText("t");
        text.Insert(0, "plain");
        text.Insert(2, "BOLD", new Dictionary<string, object?> { ["bold"] = true });
        Assert.Equal("plBOLDain", text.ToString());
        var formats = new List<(string, object?)>();
        for (var n = text.Start; n is not null; n = n.Right)
        {
            if (n.Content is P2PClinic.Crdt.Internal.FormatContent f)
            {
                formats.Add((f.Key, f.Value));
            }
        }

        Assert.Equal([("bold", (object?)true), ("bold", null)], formats);
        Assert.Equal(9, text.Length);
    }

    [Fact]
    public void ConcurrentTyping_AtTheSamePlace_Converges()
    {
        var a = TestDocs.New(10);
        var b = TestDocs.New(20);
        a.GetText("t").Insert(0, "hello world");
        TestDocs.Sync(a, b);
        a.GetText("t").Insert(5, " big");
        b.GetText("t").Insert(5, " small");
        b.GetText("t").Delete(0, 1);
        TestDocs.Sync(a, b);
        Assert.Equal(a.GetText("t").ToString(), b.GetText("t").ToString());
        Assert.Equal("ello big small world", a.GetText("t").ToString());
    }

    [Fact]
    public void Delete_OutOfRange_Throws()
    {
        var doc = TestDocs.New(1);
        doc.GetText("t").Insert(0, "abc");
        Assert.Throws<ArgumentOutOfRangeException>(() => doc.GetText("t").Delete(2, 2));
        Assert.Equal("abc", doc.GetText("t").ToString());
    }

    [Fact]
    public void Insert_WithASharedTypeAsAttribute_ThrowsAndChangesNothing()
    {
        var doc = TestDocs.New(1);
        var updates = TestDocs.Record(doc);
        Assert.Throws<ArgumentException>(() => doc.GetText("t").Insert(0, "x", new Dictionary<string, object?> { ["bad"] = new YMap() }));
        Assert.Empty(updates);
        Assert.Equal(0, doc.GetText("t").Length);
    }

    [Fact]
    public void PrelimText_WithInitialContent_IsInsertedWithTheType()
    {
        var doc = TestDocs.New(1);
        doc.GetArray("a").Push(new YText("note"));
        Assert.Equal("note", ((YText)doc.GetArray("a").Get(0)!).ToString());
    }
}
