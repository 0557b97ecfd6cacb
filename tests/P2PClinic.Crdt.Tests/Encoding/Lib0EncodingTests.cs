using P2PClinic.Crdt.Internal.Encoding;

namespace P2PClinic.Crdt.Tests.Encoding;

public class Lib0EncodingTests
{
    private static byte[] Write(Action<Lib0Writer> write)
    {
        using var writer = new Lib0Writer(4);
        write(writer);
        return writer.ToArray();
    }

    [Theory]
    [InlineData(0UL, new byte[] { 0x00 })]
    [InlineData(127UL, new byte[] { 0x7F })]
    [InlineData(128UL, new byte[] { 0x80, 0x01 })]
    [InlineData(300UL, new byte[] { 0xAC, 0x02 })]
    [InlineData(4294967295UL, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void WriteVarUint_WritesSevenBitGroupsLeastSignificantFirst(ulong value, byte[] expected)
    {
        var bytes = Write(w => w.WriteVarUint(value));
        Assert.Equal(expected, bytes);
        Assert.Equal(value, new Lib0Reader(bytes).ReadVarUint());
    }

    [Fact]
    public void ReadVarUint_OfTheLargestSafeInteger_RoundTrips()
    {
        const ulong max = (1UL << 53) - 1;
        Assert.Equal(max, new Lib0Reader(Write(w => w.WriteVarUint(max))).ReadVarUint());
    }

    [Fact]
    public void ReadVarUint_BeyondFiftyThreeBits_Throws()
    {
        var bytes = Write(w => w.WriteVarUint(1UL << 53));
        Assert.Throws<CrdtFormatException>(() => new Lib0Reader(bytes).ReadVarUint());
    }

    [Fact]
    public void ReadVarUint_WithEndlessContinuationBits_Throws()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 20).ToArray();
        Assert.Throws<CrdtFormatException>(() => new Lib0Reader(bytes).ReadVarUint());
    }

    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(1L, new byte[] { 0x01 })]
    [InlineData(-1L, new byte[] { 0x41 })]
    [InlineData(63L, new byte[] { 0x3F })]
    [InlineData(64L, new byte[] { 0x80, 0x01 })]
    [InlineData(-64L, new byte[] { 0xC0, 0x01 })]
    public void WriteVarInt_PutsTheSignInTheSecondBitOfTheFirstByte(long value, byte[] expected)
    {
        var bytes = Write(w => w.WriteVarInt(value));
        Assert.Equal(expected, bytes);
        Assert.Equal(value, new Lib0Reader(bytes).ReadVarInt());
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("ünïcödé 日本語 😀")]
    public void VarString_RoundTripsAsLengthPrefixedUtf8(string value)
    {
        var bytes = Write(w => w.WriteVarString(value));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(value), bytes[0]);
        Assert.Equal(value, new Lib0Reader(bytes).ReadVarString());
    }

    [Fact]
    public void VarString_LongerThanTheStackPath_RoundTrips()
    {
        var value = string.Concat(Enumerable.Repeat("😀abc", 500));
        Assert.Equal(value, new Lib0Reader(Write(w => w.WriteVarString(value))).ReadVarString());
    }

    [Fact]
    public void WriteVarString_OfALoneSurrogate_WritesTheReplacementCharacterAsJavaScriptDoes()
    {
        Assert.Equal(new byte[] { 0x03, 0xEF, 0xBF, 0xBD }, Write(w => w.WriteVarString("\uD83D")));
    }

    [Fact]
    public void ReadVarString_LongerThanTheRemainingBytes_Throws()
    {
        Assert.Throws<CrdtFormatException>(() => new Lib0Reader([0x05, 0x61, 0x62]).ReadVarString());
    }

    [Fact]
    public void ReadVarUint8Array_WithAHugeLength_ThrowsWithoutAllocatingIt()
    {
        var bytes = Write(w => w.WriteVarUint(1UL << 40));
        Assert.Throws<CrdtFormatException>(() => new Lib0Reader(bytes).ReadVarUint8Array());
    }

    [Fact]
    public void Floats_AreBigEndian()
    {
        Assert.Equal(new byte[] { 0x3F, 0xC0, 0x00, 0x00 }, Write(w => w.WriteFloat32(1.5f)));
        Assert.Equal(new byte[] { 0x3F, 0xF8, 0, 0, 0, 0, 0, 0 }, Write(w => w.WriteFloat64(1.5)));
        Assert.Equal(1.5, new Lib0Reader([0x3F, 0xF8, 0, 0, 0, 0, 0, 0]).ReadFloat64());
    }

    [Theory]
    [InlineData(42L, new byte[] { 125, 42 })]
    [InlineData(-1L, new byte[] { 125, 0x41 })]
    [InlineData(2147483647L, new byte[] { 125, 0xBF, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(2147483648L, new byte[] { 124, 0x4F, 0x00, 0x00, 0x00 })]
    public void WriteAny_OfIntegers_UsesJavaScriptsNumberRules(long value, byte[] expected)
    {
        Assert.Equal(expected, Write(w => w.WriteAny(value)));
    }

    [Fact]
    public void WriteAny_OfDoubles_PicksVarIntFloat32OrFloat64()
    {
        Assert.Equal(new byte[] { 125, 2 }, Write(w => w.WriteAny(2.0)));
        Assert.Equal(new byte[] { 124, 0x3F, 0x00, 0x00, 0x00 }, Write(w => w.WriteAny(0.5)));
        Assert.Equal(123, Write(w => w.WriteAny(0.1))[0]);
        Assert.Equal(new byte[] { 125, 0x40 }, Write(w => w.WriteAny(-0.0)));
    }

    [Fact]
    public void WriteAny_OfEveryKind_RoundTrips()
    {
        var value = new Dictionary<string, object?>
        {
            ["null"] = null,
            ["t"] = true,
            ["f"] = false,
            ["int"] = 7L,
            ["big"] = 9007199254740991L,
            ["float"] = 0.1,
            ["s"] = "text",
            ["bytes"] = new byte[] { 1, 2, 3 },
            ["list"] = new object?[] { 1L, "two", null },
        };
        var decoded = (Dictionary<string, object?>)new Lib0Reader(Write(w => w.WriteAny(value))).ReadAny()!;
        Assert.Equal(value.Keys, decoded.Keys);
        Assert.Null(decoded["null"]);
        Assert.Equal(true, decoded["t"]);
        Assert.Equal(false, decoded["f"]);
        Assert.Equal(7L, decoded["int"]);
        Assert.Equal(9007199254740991.0, decoded["big"]);
        Assert.Equal(0.1, decoded["float"]);
        Assert.Equal("text", decoded["s"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded["bytes"]);
        Assert.Equal(new object?[] { 1L, "two", null }, (object?[])decoded["list"]!);
    }

    [Fact]
    public void ReadAny_OfBigInt64_GivesALong()
    {
        byte[] bytes = [122, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xD6];
        var reader = new Lib0Reader(bytes);
        Assert.Equal(-42L, reader.ReadAny());
        Assert.True(reader.SawBigInt);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 115 })]
    [InlineData(new byte[] { 119, 0x05, 0x61 })]
    [InlineData(new byte[] { 118, 0x7F })]
    [InlineData(new byte[] { 117, 0x02, 126 })]
    [InlineData(new byte[] { 123, 0x00, 0x00 })]
    public void ReadAny_OfMalformedInput_ThrowsTheTypedException(byte[] bytes)
    {
        Assert.Throws<CrdtFormatException>(() => new Lib0Reader(bytes).ReadAny());
    }

    [Fact]
    public void ReadAny_NestedBeyondTheDepthBound_Throws()
    {
        // 10,000 nested one-element arrays would overflow a naive recursive reader.
        var bytes = new List<byte>();
        for (var i = 0; i < 10_000; i++)
        {
            bytes.Add(117);
            bytes.Add(1);
        }

        bytes.Add(126);
        Assert.Throws<CrdtFormatException>(() => new Lib0Reader([.. bytes]).ReadAny());
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(-2.25, "-2.25")]
    public void JsonText_FormatsNumbersAsJavaScriptDoes(double value, string expected)
    {
        Assert.Equal(expected, JsonText.FormatNumber(value));
    }

    [Fact]
    public void JsonText_StringifiesLikeJsonStringify()
    {
        var value = new Dictionary<string, object?> { ["a"] = "x\"\n\u0001", ["b"] = new object?[] { 1L, true, null } };
        Assert.Equal("{\"a\":\"x\\\"\\n\\u0001\",\"b\":[1,true,null]}", JsonText.Stringify(value));
    }

    [Fact]
    public void JsonText_ParseOfGarbage_ThrowsTheTypedException()
    {
        Assert.Throws<CrdtFormatException>(() => JsonText.Parse("{nope"));
    }
}
