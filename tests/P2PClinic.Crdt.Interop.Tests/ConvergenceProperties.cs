using CsCheck;
using P2PClinic.Crdt.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace P2PClinic.Crdt.Interop.Tests;

/// <summary>
/// Properties of the engine on random histories that CsCheck generates (and shrinks) as
/// <see cref="HistoryPlan"/>s: delivery order, duplication and batching do not matter; a merge
/// applies like its parts; a diff against a state vector completes a doc. The oracle is yjs 13.6:
/// every case runs as one <see cref="YScript"/> on both engines, and every update, state vector,
/// state and JSON the C# engine makes must equal what yjs makes of the same inputs, byte for byte.
/// Across two paths to the same doc the properties compare content and state vectors, not state
/// bytes: yjs's own encodeStateAsUpdate depends on the delivery order (it keeps the struct splits
/// and unmerged GC runs that a path left), see <see cref="ConvergenceRegressions"/>.
/// </summary>
[Collection(YjsOracleCollection.Name)]
public sealed class ConvergenceProperties(YjsOracle yjs, ITestOutputHelper output)
{
    private static readonly Gen<HistoryPlan> Plans = HistoryPlan.Generator(PropertyRun.Steps(20));

    [Fact]
    public void AnyDeliveryOrderDuplicationAndBatching_ConvergesToTheSameState()
    {
        var deliveries = Gen.Select(Plans, Gen.UInt, Gen.Int[1, 6]);
        new PropertyRun(output, nameof(AnyDeliveryOrderDuplicationAndBatching_ConvergesToTheSameState)).Sample(deliveries, c =>
        {
            var (plan, deliverySeed, maxBatch) = c;
            var history = CSharpHistory.Play(plan);
            if (history.Updates.Count == 0)
            {
                return false;
            }

            var script = new YScript([.. history.Updates.Select(u => u.Update)]);
            var roots = CSharpHistory.UsedRoots(history.Synced());
            Whole(script, "generation", history.Gc, Enumerable.Range(0, history.Updates.Count).Select(YScript.Input), roots);
            script.NewDoc("delivered", history.Gc);
            var rng = new Mulberry32(deliverySeed);
            var sequence = rng.Shuffle(Enumerable.Range(0, history.Updates.Count).SelectMany(i => rng.Chance(0.3) ? new[] { i, i } : [i]).ToArray());
            for (var i = 0; i < sequence.Length;)
            {
                var size = Math.Min(sequence.Length - i, 1 + rng.Int(maxBatch));
                script.Apply("delivered", size == 1 ? YScript.Input(sequence[i]) : script.Merge($"batch{i}", sequence[i..(i + size)].Select(YScript.Input)));
                i += size;
            }

            Observe(script, "delivered", roots);
            script.Pending("generation.pending", "generation");
            script.Pending("delivered.pending", "delivered");

            // What a sync step 2 from a complete peer gives it: the generation doc's state against its state vector.
            script.Apply("delivered", script.State("repair", "generation", "delivered.sv"));
            Observe(script, "delivered", roots, suffix: ".repaired");
            var answer = yjs.AssertAgrees(script, history.Label);
            Assert.True(IsEmptyStateVector(answer.Bytes["generation.pending"]), "the generation order left structs pending");
            if (IsEmptyStateVector(answer.Bytes["delivered.pending"]))
            {
                AssertSameDoc(answer, "generation", "delivered", script: script);
            }
            else
            {
                // yjs 13.6 (and so the C# engine, which must give its bytes) can leave structs pending
                // for good after some delivery orders: see ConvergenceRegressions.PendingStructs_....
                // The engines agree on that (AssertAgrees compared the pending clocks); the doc is
                // whole again after a sync step 2, which every sync session starts with.
                output.WriteLine($"{history.Label}: structs left pending after delivery (yjs 13.6's retry rule), whole after the sync step");
            }

            AssertSameDoc(answer, "generation", "delivered", secondSuffix: ".repaired", script: script);
            return true;
        });
    }

    [Fact]
    public void ApplyingMergeOfAAndB_EqualsApplyingAThenB()
    {
        new PropertyRun(output, nameof(ApplyingMergeOfAAndB_EqualsApplyingAThenB)).Sample(Gen.Select(Plans, Gen.UInt), c =>
        {
            var (plan, pickSeed) = c;
            var history = CSharpHistory.Play(plan);
            if (history.Updates.Count < 2)
            {
                return false;
            }

            // A base doc holding a random prefix, then any two updates (possibly out of causal order).
            var rng = new Mulberry32(pickSeed);
            var prefix = Enumerable.Range(0, rng.Int(history.Updates.Count)).Select(YScript.Input).ToList();
            var a = YScript.Input(rng.Int(history.Updates.Count));
            var b = YScript.Input(rng.Int(history.Updates.Count));
            var script = new YScript([.. history.Updates.Select(u => u.Update)]);
            var roots = CSharpHistory.UsedRoots(history.Synced());
            Whole(script, "oneByOne", history.Gc, [.. prefix, a, b], roots);
            Whole(script, "merged", history.Gc, [.. prefix, script.Merge("ab", [a, b])], roots);
            script.StateVectorFromUpdate("ab.sv", "ab");
            script.StateVectorFromUpdate("ba.sv", script.Merge("ba", [b, a]));
            var answer = yjs.AssertAgrees(script, history.Label);
            AssertSameDoc(answer, "oneByOne", "merged", script: script);
            Assert.Equal(
                YUpdate.DecodeStateVector(answer.Bytes["ab.sv"]).OrderBy(p => p.Key),
                YUpdate.DecodeStateVector(answer.Bytes["ba.sv"]).OrderBy(p => p.Key));
            return true;
        });
    }

    [Fact]
    public void MergeOfAllUpdates_InAnyGrouping_AppliesAsTheWholeHistory()
    {
        new PropertyRun(output, nameof(MergeOfAllUpdates_InAnyGrouping_AppliesAsTheWholeHistory)).Sample(Gen.Select(Plans, Gen.UInt), c =>
        {
            var (plan, groupSeed) = c;
            var history = CSharpHistory.Play(plan);
            if (history.Updates.Count == 0)
            {
                return false;
            }

            var inputs = Enumerable.Range(0, history.Updates.Count).Select(YScript.Input).ToArray();
            var split = new Mulberry32(groupSeed).Int(inputs.Length + 1);
            var script = new YScript([.. history.Updates.Select(u => u.Update)]);
            var roots = CSharpHistory.UsedRoots(history.Synced());
            Whole(script, "generation", history.Gc, inputs, roots);
            var nested = script.Merge("nested", [script.Merge("left", inputs[..split]), script.Merge("right", inputs[split..])]);
            Whole(script, "nested", history.Gc, [nested], roots);
            Whole(script, "flat", history.Gc, [script.Merge("all", inputs)], roots);
            var answer = yjs.AssertAgrees(script, history.Label);
            AssertSameDoc(answer, "generation", "nested", script: script);
            AssertSameDoc(answer, "generation", "flat", script: script);
            return true;
        });
    }

    [Fact]
    public void DiffAgainstADocsStateVector_AppliedToThatDoc_GivesTheFullState()
    {
        new PropertyRun(output, nameof(DiffAgainstADocsStateVector_AppliedToThatDoc_GivesTheFullState)).Sample(Gen.Select(Plans, Gen.UInt), c =>
        {
            var (plan, pickSeed) = c;
            var history = CSharpHistory.Play(plan);
            if (history.Updates.Count == 0)
            {
                return false;
            }

            var inputs = Enumerable.Range(0, history.Updates.Count).Select(YScript.Input).ToArray();
            var rng = new Mulberry32(pickSeed);
            var some = rng.Shuffle(inputs.ToArray())[..rng.Int(inputs.Length + 1)];
            var script = new YScript([.. history.Updates.Select(u => u.Update)]);
            var roots = CSharpHistory.UsedRoots(history.Synced());
            Whole(script, "full", history.Gc, inputs, roots);
            script.NewDoc("partial", history.Gc);
            foreach (var input in some)
            {
                script.Apply("partial", input);
            }

            script.Apply("partial", script.Diff("diff", "full.state", script.StateVector("partial.before", "partial")));
            Observe(script, "partial", roots);

            // A diff of the full state completes a doc as the full doc's own encoding against its state vector does.
            var half = inputs[..(inputs.Length / 2)];
            Whole(script, "viaDiff", history.Gc, half, roots);
            Whole(script, "viaState", history.Gc, half, roots);
            var halfVector = script.StateVector("half.sv", "viaDiff");
            script.Apply("viaDiff", script.Diff("halfDiff", "full.state", halfVector));
            script.Apply("viaState", script.State("halfState", "full", halfVector));
            Observe(script, "viaDiff", roots, suffix: ".after");
            Observe(script, "viaState", roots, suffix: ".after");
            var answer = yjs.AssertAgrees(script, history.Label);
            AssertSameDoc(answer, "full", "partial", script: script);
            AssertSameDoc(answer, "full", "viaDiff", secondSuffix: ".after", script: script);
            AssertSameDoc(answer, "full", "viaState", secondSuffix: ".after", script: script);
            return true;
        });
    }

    [Fact]
    public void DiffAgainstAnEmptyStateVector_KeepsTheWholeUpdateAndIsStable()
    {
        // Not byte-identical to its input: like yjs's diffUpdate it re-encodes structs as decoded
        // from an update, where an item with an origin carries no parentSub (Item.write drops the bit).
        new PropertyRun(output, nameof(DiffAgainstAnEmptyStateVector_KeepsTheWholeUpdateAndIsStable)).Sample(HistoryPlan.Generator(PropertyRun.Steps(15)), plan =>
        {
            var history = CSharpHistory.Play(plan);
            if (history.Updates.Count == 0)
            {
                return false;
            }

            var inputs = Enumerable.Range(0, history.Updates.Count).Select(YScript.Input).ToArray();
            var script = new YScript([.. history.Updates.Select(u => u.Update)]);
            var roots = CSharpHistory.UsedRoots(history.Synced());
            Whole(script, "full", history.Gc, inputs, roots);
            script.NewDoc("empty", history.Gc);
            var empty = script.StateVector("empty.sv", "empty");
            var diff = script.Diff("diff", "full.state", empty);
            script.Diff("diffOfDiff", diff, empty);
            Whole(script, "fromDiff", history.Gc, [diff], roots);
            var answer = yjs.AssertAgrees(script, history.Label);
            AssertSameDoc(answer, "full", "fromDiff", script: script);
            YjsHistoryTests.AssertBytes(answer.Bytes["diff"], answer.Bytes["diffOfDiff"], "diff of a diff against the empty state vector");
            return true;
        });
    }

    private static bool IsEmptyStateVector(byte[] stateVector) => stateVector is [0];

    /// <summary>A doc made of <paramref name="updates"/> applied in order, then observed.</summary>
    private static void Whole(YScript script, string doc, bool gc, IEnumerable<string> updates, List<(string Name, YTypeKind Kind)> roots)
    {
        script.NewDoc(doc, gc);
        foreach (var update in updates)
        {
            script.Apply(doc, update);
        }

        Observe(script, doc, roots);
    }

    /// <summary>Records a doc's state, state vector and JSON as <c>doc.state</c>, <c>doc.sv</c>, <c>doc.json</c> (plus a suffix).</summary>
    private static void Observe(YScript script, string doc, List<(string Name, YTypeKind Kind)> roots, string suffix = "")
    {
        script.State($"{doc}.state{suffix}", doc);
        script.StateVector($"{doc}.sv{suffix}", doc);
        script.JsonOf($"{doc}.json{suffix}", doc, roots);
    }

    /// <summary>Two docs (as yjs made them, which the oracle already held C# to) have the same content and state vector.</summary>
    internal static void AssertSameDoc(YjsOutputs answer, string first, string second, string secondSuffix = "", YScript? script = null)
    {
        var firstJson = answer.Json[$"{first}.json"];
        var secondJson = answer.Json[$"{second}.json{secondSuffix}"];
        if (firstJson != secondJson)
        {
            // Both docs already equal their C# twins, so the script itself is the case to study: keep it.
            var replay = script is null ? "" : $"\n      replay in yjs: {YjsOracle.ReplayCommand(YjsOracle.SaveRequest(script.ToRequest()))}";
            Assert.Fail($"{first} and {second} differ in content\n      {first}: {firstJson}\n      {second}: {secondJson}{replay}");
        }

        Assert.Equal(
            YUpdate.DecodeStateVector(answer.Bytes[$"{first}.sv"]).OrderBy(p => p.Key),
            YUpdate.DecodeStateVector(answer.Bytes[$"{second}.sv{secondSuffix}"]).OrderBy(p => p.Key));
    }
}
