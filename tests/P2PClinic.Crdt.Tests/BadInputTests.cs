namespace P2PClinic.Crdt.Tests;

public class BadInputTests
{
    private static (Doc Doc, byte[] Update) Sample()
    {
        var source = TestDocs.New(1);
        source.GetMap("m").Set("name", "Ada");
        source.GetText("t").Insert(0, "hello");
        source.GetArray("a").Push(1, new byte[] { 9 }, new YMap());
        source.GetText("t").Delete(1, 2);
        return (source, source.EncodeStateAsUpdate());
    }

    [Fact]
    public void ApplyUpdate_OfEveryTruncation_ThrowsTheTypedErrorAndLeavesTheDocUnchanged()
    {
        var (_, update) = Sample();
        var target = TestDocs.New(2);
        target.GetMap("m").Set("mine", 1);
        var before = target.EncodeStateAsUpdate();
        for (var length = 0; length < update.Length; length++)
        {
            Assert.Throws<CrdtFormatException>(() => target.ApplyUpdate(update.AsSpan(0, length)));
            Assert.Equal(before, target.EncodeStateAsUpdate());
        }
    }

    [Fact]
    public void ApplyUpdate_OfRandomByteFlips_ThrowsOnlyTheTypedError()
    {
        var (_, update) = Sample();
        var random = new Random(5);
        for (var i = 0; i < 3000; i++)
        {
            var mutated = (byte[])update.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            var target = TestDocs.New(2);
            var before = target.EncodeStateAsUpdate();
            try
            {
                target.ApplyUpdate(mutated);
            }
            catch (CrdtFormatException)
            {
                Assert.Equal(before, target.EncodeStateAsUpdate());
            }
        }
    }

    [Fact]
    public void ApplyUpdate_OfAStructThatRefersToItsOwnFuture_IsRejected()
    {
        // One client, one struct at clock 0 whose origin is the same client's clock 5.
        byte[] update = [1, 1, 3, 0, 0x88, 3, 5, 1, 125, 1, 0];
        Assert.Throws<CrdtFormatException>(() => TestDocs.New(2).ApplyUpdate(update));
    }

    [Fact]
    public void YUpdateOperations_OnGarbage_ThrowTheTypedError()
    {
        byte[] garbage = [0x05, 0xFF, 0xFF];
        Assert.Throws<CrdtFormatException>(() => YUpdate.Merge([garbage, garbage]));
        Assert.Throws<CrdtFormatException>(() => YUpdate.Diff(garbage, [0]));
        Assert.Throws<CrdtFormatException>(() => YUpdate.EncodeStateVectorFromUpdate(garbage));
        Assert.Throws<CrdtFormatException>(() => YUpdate.DecodeStateVector([0x02, 0x01]));
        Assert.Throws<CrdtFormatException>(() => TestDocs.New(1).EncodeStateAsUpdate([0x09]));
    }
}
