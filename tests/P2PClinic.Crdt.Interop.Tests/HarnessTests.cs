using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>The comparison helpers must catch what they claim to catch, or the interop tests prove nothing.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void HistoryPlan_FromOneSeed_IsTheSamePlanEveryTime()
    {
        // A seed that named a different plan in every run made the fuzz corpus, and with it every
        // "replay with CRDT_FUZZ_SEED" line, differ between runs.
        var plans = Enumerable.Range(0, 3).Select(_ => HistoryPlan.FromSeed(7, gc: true, steps: 20).ToString()).ToList();

        Assert.All(plans, p => Assert.Equal(plans[0], p));
        Assert.NotEqual(plans[0], HistoryPlan.FromSeed(8, gc: true, steps: 20).ToString());
    }

    [Fact]
    public void JsonComparison_OfEqualValues_FindsNoDifference()
    {
        var actual = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["m"] = new Dictionary<string, object?> { ["b"] = new byte[] { 1, 255 }, ["f"] = 0.5, ["i"] = 42L, ["l"] = new object?[] { null, true, "😀" } },
            ["t"] = "text",
        };
        Assert.Empty(JsonComparison.Differences("{\"m\":{\"b\":{\"bytes\":[1,255]},\"f\":0.5,\"i\":42,\"l\":[null,true,\"😀\"]},\"t\":\"text\"}", actual));
    }

    [Theory]
    [InlineData("{\"a\":1}", "a", 2L, "$[\"a\"]: expected 1, got 2")]
    [InlineData("{\"a\":0.1}", "a", 0.10000000000000002, "$[\"a\"]")]
    [InlineData("{\"a\":\"x\"}", "a", 1L, "$[\"a\"]")]
    [InlineData("{\"a\":null}", "a", false, "$[\"a\"]")]
    [InlineData("{\"b\":1}", "a", 1L, "key \"b\" missing")]
    public void JsonComparison_OfDifferentValues_NamesThePath(string expected, string key, object? value, string mention)
    {
        var differences = JsonComparison.Differences(expected, new Dictionary<string, object?> { [key] = value });
        Assert.Contains(differences, d => d.Contains(mention, StringComparison.Ordinal));
    }

    [Fact]
    public void JsonComparison_OfBytesAgainstDifferentBytesOrAList_Differs()
    {
        Assert.NotEmpty(JsonComparison.Differences("{\"bytes\":[1,2]}", new byte[] { 1, 3 }));
        Assert.NotEmpty(JsonComparison.Differences("[1,2]", new byte[] { 1, 2 }));
        Assert.NotEmpty(JsonComparison.Differences("[1,2]", new object?[] { 1L }));
    }

    [Fact]
    public void JsonComparison_OfBigIntegers_ComparesExactly()
    {
        Assert.Empty(JsonComparison.Differences("9007199254740993", 9007199254740993L));
        Assert.NotEmpty(JsonComparison.Differences("9007199254740993", 9007199254740992L));
    }

    [Fact]
    public void FirstDifference_NamesTheOffsetAndLengths()
    {
        Assert.Null(Bytes.FirstDifference([1, 2, 3], [1, 2, 3]));
        var message = Bytes.FirstDifference([1, 2, 3], [1, 2, 4, 5]);
        Assert.Contains("first difference at byte 2", message, StringComparison.Ordinal);
        Assert.Contains("lengths 3 (yjs) vs 4 (C#)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateMutator_FromTheSameSeed_MutatesTheSameWay()
    {
        byte[][] corpus = [[0, 1, 2, 3, 4, 5, 6, 7], [9, 9, 9]];
        var first = new UpdateMutator(5, corpus);
        var second = new UpdateMutator(5, corpus);
        for (var i = 0; i < 100; i++)
        {
            var (a, howA) = first.Mutate(corpus[0]);
            var (b, howB) = second.Mutate(corpus[0]);
            Assert.Equal(a, b);
            Assert.Equal(howA, howB);
        }
    }

    [Fact]
    public void UpdateMutator_ChangesItsInputMostOfTheTime()
    {
        byte[] input = [.. Enumerable.Range(0, 64).Select(i => (byte)i)];
        var mutator = new UpdateMutator(11, [input]);
        var changed = Enumerable.Range(0, 200).Count(_ => !mutator.Mutate(input).Bytes.AsSpan().SequenceEqual(input));
        Assert.True(changed > 150, $"only {changed} of 200 mutations changed the input");
    }
}
