using CsCheck;
using P2PClinic.Crdt.Interop.Tests.Infrastructure;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// Properties of the engine on random C# histories: delivery order, duplication and batching do
/// not matter; a merge applies like its parts; a diff against a state vector completes a doc.
/// </summary>
public sealed class ConvergenceProperties
{
    private const int Iterations = 60;

    private static readonly Gen<(uint HistorySeed, uint DeliverySeed, bool Gc, int MaxBatch)> Deliveries =
        Gen.Select(Gen.UInt[1, 1_000_000], Gen.UInt, Gen.Bool, Gen.Int[1, 6]);

    [Fact]
    public void AnyDeliveryOrderDuplicationAndBatching_ConvergesToTheSameState()
    {
        Deliveries.Sample(
            (historySeed, deliverySeed, gc, maxBatch) =>
            {
                var history = CSharpHistory.Generate(historySeed, gc, steps: 20);
                var expected = history.Synced();
                var rng = new Mulberry32(deliverySeed);
                var sequence = rng.Shuffle(history.Updates.SelectMany(u => rng.Chance(0.3) ? new[] { u.Update, u.Update } : [u.Update]).ToArray());
                var doc = new Doc(new DocOptions { Gc = gc });
                for (var i = 0; i < sequence.Length;)
                {
                    var size = Math.Min(sequence.Length - i, 1 + rng.Int(maxBatch));
                    doc.ApplyUpdate(size == 1 ? sequence[i] : YUpdate.Merge(sequence[i..(i + size)]));
                    i += size;
                }

                AssertSameDoc(expected, doc, CSharpHistory.UsedRoots(expected));
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void ApplyingMergeOfAAndB_EqualsApplyingAThenB()
    {
        Gen.Select(Gen.UInt[1, 1_000_000], Gen.Bool, Gen.UInt).Sample(
            (historySeed, gc, pickSeed) =>
            {
                var history = CSharpHistory.Generate(historySeed, gc, steps: 20);
                var rng = new Mulberry32(pickSeed);
                var updates = history.Updates.Select(u => u.Update).ToArray();
                if (updates.Length < 2)
                {
                    return;
                }

                // A base doc holding a random prefix, then any two updates (possibly out of causal order).
                var prefix = rng.Int(updates.Length);
                var a = rng.Pick(updates);
                var b = rng.Pick(updates);
                var oneByOne = DocWith(gc, updates[..prefix]);
                oneByOne.ApplyUpdate(a);
                oneByOne.ApplyUpdate(b);
                var merged = DocWith(gc, updates[..prefix]);
                merged.ApplyUpdate(YUpdate.Merge([a, b]));
                AssertSameDoc(oneByOne, merged, CSharpHistory.UsedRoots(DocWith(gc, updates)));
                Assert.Equal(
                    YUpdate.DecodeStateVector(YUpdate.EncodeStateVectorFromUpdate(YUpdate.Merge([a, b]))).OrderBy(p => p.Key),
                    YUpdate.DecodeStateVector(YUpdate.EncodeStateVectorFromUpdate(YUpdate.Merge([b, a]))).OrderBy(p => p.Key));
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void MergeOfAllUpdates_InAnyGrouping_AppliesAsTheWholeHistory()
    {
        Gen.Select(Gen.UInt[1, 1_000_000], Gen.Bool, Gen.UInt).Sample(
            (historySeed, gc, groupSeed) =>
            {
                var history = CSharpHistory.Generate(historySeed, gc, steps: 20);
                var updates = history.Updates.Select(u => u.Update).ToArray();
                var rng = new Mulberry32(groupSeed);
                var split = rng.Int(updates.Length + 1);
                var nested = YUpdate.Merge([YUpdate.Merge(updates[..split]), YUpdate.Merge(updates[split..])]);
                var flat = YUpdate.Merge(updates);
                var expected = history.Synced();
                var roots = CSharpHistory.UsedRoots(expected);
                AssertSameDoc(expected, DocWith(gc, [nested]), roots);
                AssertSameDoc(expected, DocWith(gc, [flat]), roots);
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void DiffAgainstADocsStateVector_AppliedToThatDoc_GivesTheFullState()
    {
        Gen.Select(Gen.UInt[1, 1_000_000], Gen.Bool, Gen.UInt).Sample(
            (historySeed, gc, pickSeed) =>
            {
                var history = CSharpHistory.Generate(historySeed, gc, steps: 20);
                var updates = history.Updates.Select(u => u.Update).ToArray();
                var rng = new Mulberry32(pickSeed);
                var partial = DocWith(gc, rng.Shuffle(updates.ToArray())[..rng.Int(updates.Length + 1)]);
                var full = history.Synced();
                var fullState = full.EncodeStateAsUpdate();
                partial.ApplyUpdate(YUpdate.Diff(fullState, partial.EncodeStateVector()));
                AssertSameDoc(full, partial, CSharpHistory.UsedRoots(full));

                // The diff holds no more than the doc's own encoding against the same state vector.
                var fresh = DocWith(gc, updates[..(updates.Length / 2)]);
                var viaDiff = DocWith(gc, updates[..(updates.Length / 2)]);
                viaDiff.ApplyUpdate(YUpdate.Diff(fullState, fresh.EncodeStateVector()));
                fresh.ApplyUpdate(full.EncodeStateAsUpdate(fresh.EncodeStateVector()));
                AssertSameDoc(fresh, viaDiff, CSharpHistory.UsedRoots(full));
            },
            iter: Iterations,
            threads: 1);
    }

    [Fact]
    public void DiffAgainstAnEmptyStateVector_KeepsTheWholeUpdateAndIsStable()
    {
        // Not byte-identical to its input: like yjs's diffUpdate it re-encodes structs as decoded
        // from an update, where an item with an origin carries no parentSub (Item.write drops the bit).
        Gen.Select(Gen.UInt[1, 1_000_000], Gen.Bool).Sample(
            (historySeed, gc) =>
            {
                var expected = CSharpHistory.Generate(historySeed, gc, steps: 15).Synced();
                var empty = new Doc().EncodeStateVector();
                var diff = YUpdate.Diff(expected.EncodeStateAsUpdate(), empty);
                AssertSameDoc(expected, DocWith(gc, [diff]), CSharpHistory.UsedRoots(expected));
                YjsHistoryTests.AssertBytes(diff, YUpdate.Diff(diff, empty), "diff of a diff against the empty state vector");
            },
            iter: Iterations,
            threads: 1);
    }

    private static Doc DocWith(bool gc, IEnumerable<byte[]> updates)
    {
        var doc = new Doc(new DocOptions { Gc = gc });
        foreach (var update in updates)
        {
            doc.ApplyUpdate(update);
        }

        return doc;
    }

    private static void AssertSameDoc(Doc expected, Doc actual, List<(string Name, YTypeKind Kind)> roots)
    {
        Assert.Equal(CanonicalJson.OfRoots(expected, roots), CanonicalJson.OfRoots(actual, roots));
        YjsHistoryTests.AssertBytes(expected.EncodeStateVector(), actual.EncodeStateVector(), "state vector");
        YjsHistoryTests.AssertBytes(expected.EncodeStateAsUpdate(), actual.EncodeStateAsUpdate(), "EncodeStateAsUpdate");
    }
}
